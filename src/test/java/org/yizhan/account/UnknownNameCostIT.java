package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.error.DomainException;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies the admin.md promise that a wrong user name costs the same Argon2id verification as a
 * wrong password, so the time of the answer does not tell which names exist. The real Argon2 runs;
 * the test only notes which hash each verification was asked to check, and compares their cost
 * parameters (memory, passes, lanes), which is what the time of a verification depends on.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class UnknownNameCostIT {

  @Test
  void anUnknownNameIsVerifiedAgainstAHashOfTheSameCostAsAKnownOne() throws Exception {
    List<String> verified = new CopyOnWriteArrayList<>();
    Argon2 real = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    Argon2 noting =
        (Argon2)
            Proxy.newProxyInstance(
                Argon2.class.getClassLoader(),
                new Class<?>[] {Argon2.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("verify")) {
                    verified.add((String) args[0]);
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    PasswordHasher hasher =
        new PasswordHasher(
            noting, PasswordHasher.DEFAULT_MEMORY_KIB, PasswordHasher.DEFAULT_ITERATIONS);
    TestDatabases.Db db = TestDatabases.fresh();
    Vertx vertx = Vertx.vertx();
    try (Database d = Database.external(db.url(), db.user(), db.password(), 2)) {
      Accounts accounts = new Accounts(vertx, d.dataSource(), hasher);
      accounts.bootstrap(
          java.nio.file.Files.createTempDirectory("yizhan-cost"),
          java.util.Optional.of("the-right-password"));
      verified.clear();

      assertThatThrownBy(() -> accounts.verify("admin", "a-wrong-password", "127.0.0.1"))
          .isInstanceOfSatisfying(
              DomainException.BadCredentials.class,
              p -> assertThat(p).hasMessageContaining("Wrong"));
      assertThat(verified).as("a wrong password").hasSize(1);
      String known = verified.get(0);

      assertThatThrownBy(() -> accounts.verify("nobody", "a-wrong-password", "127.0.0.2"))
          .isInstanceOfSatisfying(
              DomainException.BadCredentials.class,
              p -> assertThat(p).hasMessageContaining("Wrong"));
      assertThat(verified).as("a wrong user name costs one verification too").hasSize(2);
      String unknown = verified.get(1);

      assertThat(cost(known)).isEqualTo("$argon2id$v=19$m=19456,t=2,p=1");
      assertThat(cost(unknown)).isEqualTo(cost(known));
    } finally {
      vertx.close().await();
    }
  }

  /** The algorithm, version and cost parameters of a PHC string, without salt and hash. */
  private static String cost(String phc) {
    String[] parts = phc.split("\\$");
    return "$" + parts[1] + "$" + parts[2] + "$" + parts[3];
  }
}
