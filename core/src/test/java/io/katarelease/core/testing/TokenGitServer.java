package io.katarelease.core.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.junit.http.AppServer;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * A real smart-HTTP git server on loopback (JGit's GitServlet in Jetty) that serves the bare
 * repositories of a directory and, like GitHub, answers 401 to any request without the right
 * token as the basic-auth password.
 */
public final class TokenGitServer implements AutoCloseable {
    private final AppServer server;
    private final String token;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, Repository> inMemory = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    /**
     * @param reposDir directory whose {@code <name>.git} children are served as {@code /git/<name>.git}
     * @param token the only accepted password
     */
    public TokenGitServer(Path reposDir, String token) throws Exception {
        this.token = token;
        server = new AppServer();
        ServletContextHandler ctx = server.addContext("/git");
        GitServlet git = new GitServlet();
        git.setRepositoryResolver((req, name) -> {
            Repository mem = inMemory.get(name);
            if (mem != null) {
                mem.incrementOpen();
                return mem;
            }
            Path dir = reposDir.resolve(name).normalize();
            if (!dir.startsWith(reposDir) || !Files.isDirectory(dir)) {
                throw new RepositoryNotFoundException(name);
            }
            try {
                return RepositoryCache.FileKey.exact(dir.toFile(), FS.DETECTED).open(true);
            } catch (IOException e) {
                throw new RepositoryNotFoundException(name, e);
            }
        });
        git.setReceivePackFactory((req, db) -> {
            ReceivePack rp = new ReceivePack(db);
            rp.setPreReceiveHook((pack, commands) -> commands.forEach(cmd -> {
                String refusal = refusals.get(cmd.getRefName());
                if (refusal != null) {
                    cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, refusal);
                }
            }));
            return rp;
        });
        ctx.addServlet(new ServletHolder(git), "/*");
        String expected = "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token)
                .getBytes(StandardCharsets.UTF_8));
        ctx.addFilter(new FilterHolder(new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                String auth = ((HttpServletRequest) request).getHeader("Authorization");
                authorizations.add(auth == null ? "" : auth);
                if (!expected.equals(auth)) {
                    HttpServletResponse res = (HttpServletResponse) response;
                    res.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
                    res.sendError(401);
                    return;
                }
                chain.doFilter(request, response);
            }
        }), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setUp();
    }

    /**
     * Serves an in-memory copy of a bare repository whose server, unlike GitHub's, does not
     * advertise atomic push (JGit advertises it only for ref databases with transactions).
     *
     * @return the copy, to read what was pushed
     */
    public Repository serveWithoutAtomicPush(String name, Repository source) throws Exception {
        InMemoryRepository mem = new InMemoryRepository(new DfsRepositoryDescription(name));
        mem.setPerformsAtomicTransactions(false);
        inMemory.put(name, mem);
        try (Transport t = Transport.open(source, new URIish(url(name)))) {
            t.setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token));
            List<RemoteRefUpdate> updates = new ArrayList<>();
            for (Ref r : source.getRefDatabase().getRefsByPrefix("refs/")) {
                updates.add(new RemoteRefUpdate(source, r.getName(), r.getName(), true, null, null));
            }
            t.push(NullProgressMonitor.INSTANCE, updates);
        }
        return mem;
    }

    /** Refuses every push to {@code ref} with {@code message}, as a protected branch or hook would. */
    public void refuse(String ref, String message) {
        refusals.put(ref, message);
    }

    /** @return the URL of a served repository, e.g. {@code url("fork.git")} */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getPort() + "/git/" + name;
    }

    /** @return every Authorization header the server received, in order ("" when absent) */
    public List<String> authorizations() {
        return authorizations;
    }

    @Override
    public void close() throws Exception {
        server.tearDown();
    }
}
