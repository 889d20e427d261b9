package dev.shepherd.worker.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionTest {

  private static final List<String> KEYS = List.of("application", "approvers", "approval", "policy", "onFailure",
      "weight", "name", "regions");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(textBlock = """
      aprovers,   approvers
      approverss, approvers
      approvars,  approvers
      onfailure,  onFailure
      ONFAILURE,  onFailure
      polcy,      policy
      nme,        name
      """)
  void givenAKeyOneEditFromAKnownOne_itShouldSuggestIt(String typed, String suggested) {
    assertThat(KeySuggestion.nearest(typed, KEYS)).contains(suggested);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(textBlock = """
      wieght
      regon
      owner
      x
      """)
  void givenAKeyTwoOrMoreEditsFromEveryKnownOne_itShouldSuggestNothing(String typed) {
    assertThat(KeySuggestion.nearest(typed, KEYS)).isEmpty();
  }

  @Test
  void givenAKeyOneEditFromTwoKnownOnes_itShouldSuggestTheOneListedFirst() {
    assertThat(KeySuggestion.nearest("bake", List.of("bakes", "baker"))).contains("bakes");
    assertThat(KeySuggestion.nearest("bake", List.of("baker", "bakes"))).contains("baker");
  }

  @Test
  void givenAKeyThatDiffersOnlyInCase_itShouldPreferItToOneEditAway() {
    assertThat(KeySuggestion.nearest("Names", List.of("name", "names"))).contains("names");
  }
}
