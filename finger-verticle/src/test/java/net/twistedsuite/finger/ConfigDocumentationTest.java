package net.twistedsuite.finger;

import net.twistedsuite.common.ConfigDocs;
import org.junit.jupiter.api.Test;

class ConfigDocumentationTest {

  @Test
  void confFileAndReadmesStateEveryKeyWithItsDefault() throws Exception {
    ConfigDocs.assertDocumented(FingerOptions.SPEC, "users");
  }
}
