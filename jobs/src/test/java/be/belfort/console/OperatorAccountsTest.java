package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorAccountsTest {
    private static final String HASH = PasswordHash.hash("wachtwoord-123".toCharArray(), 2_000);

    @Test
    void authenticates_accounts_from_the_users_file() {
        OperatorAccounts a = OperatorAccounts.parse("console.users", List.of(
                "# control room", "", "an:operator:" + HASH, "bert:supervisor:" + HASH));
        assertEquals(2, a.size());
        assertEquals(Role.SUPERVISOR, a.authenticate("bert", "wachtwoord-123".toCharArray()).orElseThrow().role());
        assertTrue(a.authenticate("an", "wrong".toCharArray()).isEmpty());
        assertTrue(a.authenticate("nobody", "wachtwoord-123".toCharArray()).isEmpty());
    }

    @Test
    void reports_every_bad_line_with_file_and_line() {
        ConfigException e = assertThrows(ConfigException.class, () -> OperatorAccounts.parse("console.users", List.of(
                "an:operator:" + HASH,
                "An Peeters:operator:" + HASH,
                "bert:admin:" + HASH,
                "carl:operator:secret",
                "an:supervisor:" + HASH,
                "nohash")));
        List<String> p = e.problems();
        assertEquals(5, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("console.users:2: account name"), p.get(0));
        assertTrue(p.get(1).startsWith("console.users:3: unknown role 'admin'"), p.get(1));
        assertTrue(p.get(2).startsWith("console.users:4: password hash"), p.get(2));
        assertTrue(p.get(3).startsWith("console.users:5: account 'an' is defined twice"), p.get(3));
        assertTrue(p.get(4).startsWith("console.users:6: expected name:role:hash"), p.get(4));
    }

    @Test
    void an_empty_file_is_an_error() {
        assertThrows(ConfigException.class, () -> OperatorAccounts.parse("console.users", List.of("# nobody")));
    }
}
