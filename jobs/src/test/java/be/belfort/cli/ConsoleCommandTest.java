package be.belfort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.console.OperatorAccounts;
import be.belfort.console.Role;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code belfort console}: user mistakes are one line and exit 2; hash-password makes a working users-file line. */
class ConsoleCommandTest {
    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result run(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Belfort.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void hash_password_prints_a_line_the_console_accepts() {
        Result r = run("nachtdienst gentse feesten\n", "console", "hash-password", "--user", "an", "--role", "supervisor");
        assertEquals(0, r.code(), r.err());
        String line = r.out().strip();
        assertTrue(line.startsWith("an:supervisor:pbkdf2$600000$"), line);
        OperatorAccounts accounts = OperatorAccounts.parse("out", List.of(line));
        assertEquals(Role.SUPERVISOR, accounts.authenticate("an", "nachtdienst gentse feesten".toCharArray()).orElseThrow().role());
    }

    @Test
    void hash_password_refuses_short_passwords_and_bad_names() {
        Result shortPw = run("kort\n", "console", "hash-password", "--user", "an");
        assertEquals(2, shortPw.code());
        assertTrue(shortPw.err().contains("at least 12 characters"), shortPw.err());
        Result badName = run("long enough password\n", "console", "hash-password", "--user", "An Peeters");
        assertEquals(2, badName.code(), badName.err());
        assertTrue(badName.err().contains("account name"), badName.err());
        Result badRole = run("long enough password\n", "console", "hash-password", "--user", "an", "--role", "admin");
        assertEquals(2, badRole.code());
    }

    @Test
    void console_reports_missing_or_broken_inputs_in_one_line() throws Exception {
        Result noUsers = run("", "console", "--bootstrap-servers", "localhost:1");
        assertEquals(2, noUsers.code());
        assertTrue(noUsers.err().contains("--users FILE is required"), noUsers.err());

        Path users = dir.resolve("console.users");
        Files.writeString(users, "an:operator:not-a-hash\n");
        Result broken = run("", "console", "--users", users.toString(), "--bootstrap-servers", "localhost:1");
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains(users + ":1: password hash"), broken.err());

        Result badSetting = run("", "console", "--users", users.toString(), "--set", "console.sesion-timeout=5m");
        assertEquals(2, badSetting.code());
        assertTrue(badSetting.err().contains("did you mean 'console.session-timeout'"), badSetting.err());
        assertTrue(badSetting.err().contains("kafka.bootstrap-servers must be set"), badSetting.err());
    }
}
