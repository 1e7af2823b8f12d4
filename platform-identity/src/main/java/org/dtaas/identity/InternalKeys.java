package org.dtaas.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Creates the RSA key pair that signs internal identity tokens, once, in a state folder
 * ({@code $DTAAS_HOME/config/keys}). Keys are never shipped or committed: every installation makes
 * its own. Run as a program by the launcher before any service starts.
 */
public final class InternalKeys {

    private InternalKeys() {
    }

    /** Makes the key pair in {@code dir} unless both files exist already. Returns {@code dir}. */
    public static Path ensure(Path dir) throws IOException {
        Path privateKey = dir.resolve(InternalToken.PRIVATE_KEY_FILE);
        Path publicKey = dir.resolve(InternalToken.PUBLIC_KEY_FILE);
        if (Files.isRegularFile(privateKey) && Files.isRegularFile(publicKey)) {
            return dir;
        }
        Files.createDirectories(dir);
        KeyPair pair = newKeyPair();
        writeAtomically(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        writeAtomically(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
        return dir;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".key", ".tmp");
        try {
            if (secret) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {@code java -cp ... org.dtaas.identity.InternalKeys DIR}: used by {@code ./dtaas up}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: InternalKeys KEY_DIR");
            System.exit(2);
        }
        System.out.println(ensure(Path.of(args[0])));
    }
}
