package ai.nora.trace;

final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  static String hex(long value) {
    char[] out = new char[16];
    fill(out, 0, value);
    return new String(out);
  }

  static String hex(long high, long low) {
    char[] out = new char[32];
    fill(out, 0, high);
    fill(out, 16, low);
    return new String(out);
  }

  private static void fill(char[] out, int offset, long value) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
