package be.belfort.classify;

/**
 * One problem found in a rule file.
 *
 * @param file the rule file (as given to the loader), or the rules directory for problems that
 *     belong to no single file
 * @param line 1-based line of the offending key or value; 0 when the problem concerns the whole
 *     file or directory
 * @param message what is wrong, in words a rule author can act on
 */
public record RuleProblem(String file, int line, String message) {

  /** {@code file:line: message}, the format editors and CI logs link to. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
