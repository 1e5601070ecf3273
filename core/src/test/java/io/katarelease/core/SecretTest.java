package io.katarelease.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** No form of a secret survives redaction, wherever it sits in a text. */
class SecretTest {
    private static final String TOKEN = "ghp_s3cr/t+tok'en$x=y0123456789";

    @Test
    void everyFormIsRedacted() {
        Secret secret = Secret.of(TOKEN);
        String url = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        for (String prefix : new String[] {"", "x", "xy", "x-access-token:", "user:"}) {
            String basic = Base64.getEncoder().encodeToString((prefix + TOKEN + "!").getBytes(StandardCharsets.UTF_8));
            String text = "raw " + TOKEN + " url " + url + " basic " + basic + " end";
            String redacted = secret.redact(text);
            assertThat(redacted).as(prefix).doesNotContain(TOKEN).doesNotContain(url).contains("raw **** url **** basic ")
                    .endsWith(" end");
            // The Basic header's base64 keeps at most the few characters that mix the secret with its neighbours.
            String basicPart = redacted.substring(redacted.indexOf(" basic ") + 7, redacted.indexOf(" end"));
            assertThat(basicPart).as(prefix).contains("****");
            assertThat(basicPart.replace("****", "").length()).as(prefix).isLessThanOrEqualTo(basic.length()
                    - Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)).length() + 8);
        }
        assertThat(secret.redact("nothing secret here")).isEqualTo("nothing secret here");
        assertThat(secret.redact(null)).isNull();
    }
}
