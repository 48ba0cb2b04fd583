package io.zonecam.node.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Csr makes the node's key pair (EC P-256, the platform's preferred key) and the PKCS#10 request for it. */
final class Csr {

    private Csr() {}

    static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /**
     * The PEM CSR for {@code key} with subject CN = {@code commonName}; the CA writes the rest of the subject itself,
     * so nothing else is asked for. Signed with the key, which proves the node holds it.
     */
    static String pem(KeyPair key, String commonName) throws GeneralSecurityException, IOException {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(
                            new X500NameBuilder(BCStyle.INSTANCE)
                                    .addRDN(BCStyle.CN, commonName)
                                    .build(),
                            key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the CSR", e);
        }
    }
}
