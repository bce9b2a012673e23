package net.twistedsuite.setter;

import net.twistedsuite.common.ConfigDocs;
import org.junit.jupiter.api.Test;

class ConfigDocumentationTest {

  @Test
  void confFileAndReadmesStateEveryKeyWithItsDefault() throws Exception {
    ConfigDocs.assertDocumented(SetterOptions.SPEC);
  }
}
