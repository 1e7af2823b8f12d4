package org.dtaas.system;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

/** A well-formed internal token for an admin, signed with a key that is not the gateway's. */
final class ForgedToken {

    private ForgedToken() {
    }

    static String adminToken() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"dtaas-gateway\",\"aud\":\"dtaas-services\",\"upn\":\"mallory\","
                + "\"groups\":[\"user\",\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 60) + "}").getBytes(StandardCharsets.UTF_8));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(generator.generateKeyPair().getPrivate());
        signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signature.sign());
    }
}
