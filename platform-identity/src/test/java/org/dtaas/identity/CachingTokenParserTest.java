package org.dtaas.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachingTokenParserTest {

    @Test
    void aVerifiedTokenIsRememberedButAForgedOneIsStillRefused() throws Exception {
        Path keys = InternalKeys.ensure(Files.createTempDirectory("keys"));
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(Files.readString(keys.resolve(InternalToken.PUBLIC_KEY_FILE)));
        info.setIssuedBy(InternalToken.ISSUER);
        info.setExpectedAudience(Set.of(InternalToken.AUDIENCE));
        CachingTokenParser parser = new CachingTokenParser(info);

        String genuine = token(KeyUtils.decodePrivateKey(Files.readString(keys.resolve(InternalToken.PRIVATE_KEY_FILE))));
        assertEquals("alice", parser.parse(genuine).getName());
        assertSame(parser.parse(genuine), parser.parse(genuine), "the second check is answered from memory");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = token(generator.generateKeyPair().getPrivate());
        assertThrows(ParseException.class, () -> parser.parse(forged));
        assertThrows(ParseException.class, () -> parser.parse(genuine.substring(0, genuine.length() - 2) + "AA"));
    }

    private static String token(java.security.PrivateKey key) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(InternalToken.ISSUER).audience(InternalToken.AUDIENCE).upn("alice").groups(Set.of("user"))
                .issuedAt(now).expiresAt(now + 60).sign(key);
    }
}
