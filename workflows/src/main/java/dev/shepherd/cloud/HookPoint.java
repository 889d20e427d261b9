package dev.shepherd.cloud;

/** When a smoke-test hook runs in a region (CodeDeploy's BeforeAllowTraffic and AfterAllowTraffic). */
public enum HookPoint {
  /** The new version is published; no traffic reaches it yet. */
  BEFORE_TRAFFIC("beforeTraffic"),
  /** The new version takes all of the alias's traffic. */
  AFTER_TRAFFIC("afterTraffic");

  private final String key;

  HookPoint(String key) {
    this.key = key;
  }

  /** The name in the spec and in the hook's event: {@code beforeTraffic} or {@code afterTraffic}. */
  public String key() {
    return key;
  }
}
