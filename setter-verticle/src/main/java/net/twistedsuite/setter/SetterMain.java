package net.twistedsuite.setter;

import net.twistedsuite.common.ServiceLauncher;

/** {@code java -jar setter-verticle-fat.jar [-conf FILE] [-cluster]}. */
public final class SetterMain {

  public static void main(String[] args) {
    ServiceLauncher.launch(args,
        "setter: sets a user's finger status. Send two lines, the user name then the status, and"
            + " half-close\n(printf 'moshez\\r\\nAt lunch\\r\\n' | nc -N 127.0.0.1 1179); the answer is"
            + " OK or ERROR and a reason.\nAn empty status clears the user's status. Updates go to the"
            + " finger service over the event bus:\nstart both with -cluster (or deploy both in one Vert.x).",
        SetterOptions.SPEC, SetterVerticle::new);
  }
}
