package dev.shepherd.worker.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * One of Shepherd's JSON Schemas ({@code schema/*.schema.json} in the repository, {@code /schema/} on the
 * classpath), which describe the structure of a document: its keys, which are required, and what kind of
 * value each takes. {@link #check} validates a document with networknt's validator and puts what it finds
 * in the document's own words.
 *
 * <p>Besides JSON Schema (draft 2020-12), a schema node may carry {@code x-messages}: for a keyword, the
 * sentence to report when the node fails it ({@code "minItems": "must list at least one wave"}), with
 * {@code {found}}, {@code {value}} and {@code {count}} filled in; {@code "required"} is read from the
 * property's own node, and {@code "null"} is said of an item or entry that has no value.
 */
public final class DocumentSchema {

  /** Draft 2020-12, where x-messages is ours: not validated, and no warning that it is unknown. */
  private static final Dialect DIALECT = Dialect.builder(Dialects.getDraft202012())
      .keyword(new NonValidationKeyword(SchemaCheck.MESSAGES)).build();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(DIALECT);

  private final String name;
  private final JsonNode tree;
  private final Schema schema;

  private DocumentSchema(String name, JsonNode tree) {
    this.name = name;
    this.tree = tree;
    this.schema = REGISTRY.getSchema(SchemaLocation.of("classpath:schema/" + name), tree);
  }

  /** A schema from the classpath's {@code /schema/}, e.g. {@code release.schema.json}. */
  public static DocumentSchema load(String name) {
    try (InputStream in = DocumentSchema.class.getResourceAsStream("/schema/" + name)) {
      if (in == null) {
        throw new IllegalStateException("schema/" + name + " is missing from the classpath");
      }
      return new DocumentSchema(name, new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema/" + name, e);
    }
  }

  /** The file name, e.g. {@code release.schema.json}. */
  public String name() {
    return name;
  }

  /** The validator's own findings, unworded: for tests, and for what no wording covers. */
  public List<Error> errors(JsonNode document) {
    return schema.validate(document);
  }

  /**
   * Validates a document and words what is wrong.
   *
   * @param leftToReader the validator's findings that the caller reports itself, in its own words (a value
   *     that its reader converts, such as a duration, and judges better than a pattern can)
   */
  public SchemaCheck check(JsonNode document, Wording wording, Predicate<Error> leftToReader) {
    return new SchemaCheck(tree, document, errors(document).stream().filter(leftToReader.negate()).toList(),
        wording);
  }
}
