package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  /** Small enough for a fast test; the production count is {@link PasswordHash#ITERATIONS}. */
  private static final int FAST = 1000;

  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  /** Replaces the character at {@code index} of {@code s} by another base64 character. */
  private static String flip(String s, int index) {
    char c = s.charAt(index);
    char other = c == 'A' ? 'B' : 'A';
    return s.substring(0, index) + other + s.substring(index + 1);
  }

  @Test
  void storesPrefixIterationsSaltAndHash() {
    String stored = PasswordHash.hash("correct horse", FAST);

    // 16-byte salt and 32-byte hash, base64 without padding.
    assertThat(stored).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void matchesTheHashedPassword() {
    String stored = PasswordHash.hash("correct horse", FAST);

    assertThat(PasswordHash.matches("correct horse", stored)).isTrue();
  }

  @Test
  void matchesANonAsciiPassword() {
    String stored = PasswordHash.hash("pässwörd-密码-🔑", FAST);

    assertThat(PasswordHash.matches("pässwörd-密码-🔑", stored)).isTrue();
    assertThat(PasswordHash.matches("passwort-密码-🔑", stored)).isFalse();
  }

  @Test
  void rejectsAWrongPassword() {
    String stored = PasswordHash.hash("correct horse", FAST);

    assertThat(PasswordHash.matches("correct horsE", stored)).isFalse();
    assertThat(PasswordHash.matches("correct horse ", stored)).isFalse();
    assertThat(PasswordHash.matches("", stored)).isFalse();
  }

  @Test
  void rejectsATamperedHash() {
    String stored = PasswordHash.hash("correct horse", FAST);
    int hashStart = stored.lastIndexOf('$') + 1;

    assertThat(PasswordHash.matches("correct horse", flip(stored, hashStart))).isFalse();
    assertThat(PasswordHash.matches("correct horse", flip(stored, hashStart + 20))).isFalse();
  }

  @Test
  void rejectsATamperedSalt() {
    String stored = PasswordHash.hash("correct horse", FAST);
    int saltStart = stored.indexOf('$', "pbkdf2-sha256$".length()) + 1;

    assertThat(PasswordHash.matches("correct horse", flip(stored, saltStart))).isFalse();
  }

  @Test
  void rejectsATamperedIterationCount() {
    String stored = PasswordHash.hash("correct horse", FAST);

    assertThat(PasswordHash.matches("correct horse", stored.replace("$1000$", "$1001$"))).isFalse();
  }

  @Test
  void rejectsAnotherSchemeOrShape() {
    String stored = PasswordHash.hash("correct horse", FAST);

    assertThat(
            PasswordHash.matches("correct horse", stored.replace("pbkdf2-sha256", "pbkdf2-sha1")))
        .isFalse();
    assertThat(PasswordHash.matches("correct horse", stored + "$extra")).isFalse();
    assertThat(PasswordHash.matches("correct horse", "correct horse")).isFalse();
  }

  @Test
  void twoHashesOfOnePasswordDifferBySalt() {
    String first = PasswordHash.hash("correct horse", FAST);
    String second = PasswordHash.hash("correct horse", FAST);

    assertThat(first).isNotEqualTo(second);
    assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
    assertThat(PasswordHash.matches("correct horse", first)).isTrue();
    assertThat(PasswordHash.matches("correct horse", second)).isTrue();
  }

  @Test
  void productionIterationCountFollowsOwasp() {
    assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(600_000);
  }

  @Test
  void randomPasswordHasTheRequestedLengthAndUnambiguousAlphabet() {
    for (int i = 0; i < 200; i++) {
      String password = PasswordHash.randomPassword(24);

      assertThat(password).hasSize(24);
      assertThat(password.chars()).allMatch(c -> ALPHABET.indexOf(c) >= 0);
      assertThat(password).doesNotContain("0", "O", "1", "l", "I");
    }
  }

  @Test
  void randomPasswordOfLengthZeroIsEmpty() {
    assertThat(PasswordHash.randomPassword(0)).isEmpty();
  }

  @Test
  void randomPasswordsDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(PasswordHash.randomPassword(24));
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void randomPasswordsUseTheWholeAlphabet() {
    Set<Character> used = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      for (char c : PasswordHash.randomPassword(24).toCharArray()) {
        used.add(c);
      }
    }
    assertThat(used).hasSize(ALPHABET.length());
  }

  @Test
  void sha256IsTheStandardDigest() {
    assertThat(java.util.HexFormat.of().formatHex(PasswordHash.sha256("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
