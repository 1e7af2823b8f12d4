import java.nio.file.Path;
import org.dtaas.gateway.identity.ServiceTokenIssuer;
import org.dtaas.identity.Caller;

/**
 * bench/library.sh: the internal identity token the gateway would send for a user, so the bench can
 * also ask the library-service directly (as upstream libms is measured: no gateway in front).
 *   java -cp GATEWAY_CLASSPATH bench/InternalTokenFor.java KEYS_DIR USER
 * The token lives for InternalToken.LIFETIME (60 s): mint one per measured run.
 */
public class InternalTokenFor {
    public static void main(String[] args) {
        var key = ServiceTokenIssuer.readKey(Path.of(args[0], "internal-private.pem"));
        System.out.println(ServiceTokenIssuer.sign(new Caller(args[1], false), key, System.currentTimeMillis() / 1000));
    }
}
