package io.katarelease.jenkins.agent;

import hudson.model.TaskListener;
import hudson.util.Secret;
import io.katarelease.jenkins.credentials.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * The build log as a step writes to it, with the step's secrets masked line by line as
 * withCredentials masks them. Lives as long as the controller runs: the step saves the pattern
 * (encrypted, as every secret Jenkins saves) and hands it to the next one after a restart.
 */
final class MaskedLog {
    private static final Logger LOGGER = Logger.getLogger(MaskedLog.class.getName());

    private final Supplier<TaskListener> listener;
    private Secret saved;
    private Pattern pattern;
    private OutputStream log;

    /** @param saved the pattern a step saved, or null when it masks nothing yet */
    MaskedLog(Supplier<TaskListener> listener, Secret saved) {
        this.listener = listener;
        this.saved = saved;
    }

    /** Masks these secrets from now on. @return the pattern, encrypted, for the step to save */
    synchronized Secret maskFromNowOn(List<String> secrets) {
        pattern = Secrets.maskPattern(secrets);
        saved = Secret.fromString(pattern.pattern());
        return saved;
    }

    /** The build log, masking with the pattern in force when it is first written to after a {@link #close}. */
    synchronized OutputStream stream() throws IOException {
        if (log == null) {
            PrintStream logger = listener.get().getLogger();
            Pattern masking = pattern();
            log = masking == null ? logger
                    : new SecretPatterns.MaskingOutputStream(logger, () -> masking, StandardCharsets.UTF_8.name());
        }
        return log;
    }

    /** Ends the current line and flushes; the next write opens the log again. */
    synchronized void close() {
        if (log instanceof SecretPatterns.MaskingOutputStream masking) {
            try {
                masking.forceEol();
                masking.flush();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "flushing the log", e);
            }
        }
        log = null;
    }

    String mask(String text) {
        Pattern masking = pattern();
        return masking == null || text == null ? text : masking.matcher(text).replaceAll("****");
    }

    private synchronized Pattern pattern() {
        if (pattern == null && saved != null) {
            pattern = Pattern.compile(saved.getPlainText());
        }
        return pattern;
    }
}
