package io.katarelease.jenkins.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.RootAction;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextInput;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What Jenkins users see of the steps: each is found by its name, its Snippet Generator form
 * binds back to an equal step (through Stapler, as a submitted form does), the generated Groovy
 * parses back to an equal step, and its help pages and the syntax reference load.
 */
@WithJenkins
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StepFormsTest {
    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
    }

    /** Every step with every parameter set away from its default. */
    static List<Step> configuredSteps() {
        KataUpstreamTagsStep tags = new KataUpstreamTagsStep("https://example.com/u.git", "https://example.com/f.git");
        tags.setSuffix("example");
        tags.setSince("3.0.0");
        tags.setTagPattern("[0-9]+\\.[0-9]+\\.[0-9]+");
        tags.setCredentialsId("git");
        KataSyncForkStep sync = new KataSyncForkStep("https://example.com/u.git", "https://example.com/f.git", "4.1.0");
        sync.setSuffix("example");
        sync.setPatchBranch("ex/main");
        sync.setMirrorBranch("mirror");
        sync.setUpstreamBranch("trunk");
        sync.setReleaseBranchPrefix("ex/");
        sync.setTagPattern("4\\..*");
        sync.setCommitter("Release Bot <bot@example.com>");
        sync.setWorkDir("/var/cache/kata-release");
        sync.setCredentialsId("git");
        sync.setDryRun(true);
        KataBuildQemuStep qemu = new KataBuildQemuStep();
        buildParameters(qemu);
        KataBuildKernelStep kernel = new KataBuildKernelStep();
        buildParameters(kernel);
        KataPackageReleaseStep pack = new KataPackageReleaseStep("4.1.0-example-0");
        pack.setArtifacts("kata/build");
        pack.setRepo("kata");
        pack.setRef("4.1.0-example-0");
        pack.setBaseRef("4.0.0-example-0");
        pack.setOut("release");
        pack.setName("kata-static.tar.xz");
        pack.setArch("aarch64");
        KataVerifyReleaseStep verify = new KataVerifyReleaseStep("release/4.1.0-example-0-x86_64.tar.xz");
        verify.setRepo("kata");
        verify.setRef("4.1.0-example-0");
        KataPublishReleaseStep publish = new KataPublishReleaseStep("4.1.0-example-0", "release");
        publish.setAsset("release/main.tar.xz");
        publish.setGithubRepo("example/kata-containers");
        publish.setGithubApiUrl("https://ghe.example.com/api/v3");
        publish.setCredentialsId("github");
        publish.setNotes("notes.md");
        publish.setRepo("kata");
        publish.setRef("4.1.0-example-0");
        publish.setDraft(true);
        publish.setReplace(true);
        publish.setVerify(false);
        publish.setDryRun(true);
        return List.of(tags, sync, qemu, kernel, pack, verify, publish);
    }

    private static void buildParameters(BuildComponentStep step) {
        step.setCheckout("kata");
        step.setOut("out");
        step.setCache("/var/cache/kata-build");
        step.setSource("/srv/qemu.tar.xz");
        step.setCommand("make -C tools/packaging/kata-deploy/local-build qemu-tarball");
        step.setArch("aarch64");
        step.setRemoteCache("oci://registry.example.com:5000/kata/build-cache");
        step.setRemoteCacheCredentialsId("registry");
        step.setRemoteCacheInsecure(true);
    }

    @Test
    void everyStepIsFoundByItsNameAndRunsOnANode() {
        Map<String, Class<?>> expected = Map.of("kataUpstreamTags", KataUpstreamTagsStep.class, "kataSyncFork",
                KataSyncForkStep.class, "kataBuildQemu", KataBuildQemuStep.class, "kataBuildKernel", KataBuildKernelStep.class,
                "kataPackageRelease", KataPackageReleaseStep.class, "kataVerifyRelease", KataVerifyReleaseStep.class,
                "kataPublishRelease", KataPublishReleaseStep.class);
        expected.forEach((name, type) -> {
            StepDescriptor d = StepDescriptor.byFunctionName(name);
            assertThat(name, d, notNullValue());
            assertThat(d.clazz, equalTo(type));
            assertThat(d.getDisplayName(), startsWith("kata-release: "));
            assertThat(d.getRequiredContext().contains(FilePath.class) && d.getRequiredContext().contains(Launcher.class), is(true));
        });
    }

    @Test
    void theSnippetGeneratorFormBindsBackToAnEqualStep() throws Exception {
        for (Step step : configuredSteps()) {
            String expected = Snippetizer.object2Groovy(step);
            // The form's JSON, as the Snippet Generator page submits it: one entry per field.
            JSONObject form = new JSONObject();
            form.put("stapler-class", step.getClass().getName());
            form.put("$class", step.getClass().getName());
            DescribableModel.uninstantiate2_(step).getArguments().forEach(form::put);
            WebRequest request = new WebRequest(new URL(r.getURL(), Snippetizer.GENERATE_URL), HttpMethod.POST);
            List<NameValuePair> params = new ArrayList<>();
            params.add(new NameValuePair("json", form.toString()));
            params.add(new NameValuePair(r.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(),
                    r.jenkins.getCrumbIssuer().getCrumb((jakarta.servlet.ServletRequest) null)));
            request.setRequestParameters(params);
            Page page = r.createWebClient().getPage(request);
            String generated = page.getWebResponse().getContentAsString().trim();
            assertThat(step.getClass().getSimpleName(), generated, equalTo(expected));
            r.assertEqualDataBoundBeans(step, parse(generated));
        }
    }

    @Test
    void theGeneratedGroovyOfDefaultsIsShortAndParsesBack() throws Exception {
        KataSyncForkStep sync = new KataSyncForkStep("https://example.com/u.git", "https://example.com/f.git", "4.1.0");
        assertThat(Snippetizer.object2Groovy(sync),
                equalTo("kataSyncFork fork: 'https://example.com/f.git', tag: '4.1.0', upstream: 'https://example.com/u.git'"));
        r.assertEqualDataBoundBeans(sync, parse(Snippetizer.object2Groovy(sync)));
        assertThat(Snippetizer.object2Groovy(new KataBuildQemuStep()), equalTo("kataBuildQemu()"));
    }

    @Test
    void theFormsRenderEveryFieldWithItsValueAndTheHelpPagesLoad() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient();
        wc.getOptions().setJavaScriptEnabled(false);
        HtmlPage forms = wc.goTo("kata-release-forms/");
        String reference = wc.goTo("pipeline-syntax/html").getWebResponse().getContentAsString();
        for (Step step : configuredSteps()) {
            Class<?> type = step.getClass();
            String function = ((StepDescriptor) step.getDescriptor()).getFunctionName();
            assertThat(reference, containsString(function));
            HtmlForm form = forms.getFormByName(function);
            Map<String, ?> values = DescribableModel.uninstantiate2_(step).getArguments();
            for (String p : parameters(type).keySet()) {
                List<HtmlElement> fields = form.getElementsByAttribute(credentials(p) ? "select" : "input", "name", "_." + p);
                assertThat(type.getSimpleName() + "." + p, fields.size(), is(1));
                HtmlElement field = fields.get(0);
                Object value = values.get(p);
                if (field instanceof HtmlCheckBoxInput box) {
                    assertThat(type.getSimpleName() + "." + p, box.isChecked(), is(Boolean.TRUE.equals(value)));
                } else if (field instanceof HtmlTextInput text) {
                    assertThat(type.getSimpleName() + "." + p, text.getValue(), equalTo(value == null ? "" : String.valueOf(value)));
                }
                String help = wc.goTo("descriptorByName/" + type.getName() + "/help/" + p).getWebResponse().getContentAsString();
                assertThat(type.getSimpleName() + " help-" + p, help.strip(), startsWith("<div>"));
            }
            String help = wc.goTo("descriptorByName/" + type.getName() + "/help").getWebResponse().getContentAsString();
            assertThat(help, containsString(function));
        }
    }

    @Test
    void theBuildStepsShareOneFormAndItsHelp() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient();
        for (Class<? extends Step> type : List.of(KataBuildQemuStep.class, KataBuildKernelStep.class)) {
            BuildComponentStep.BuildStepDescriptor d = (BuildComponentStep.BuildStepDescriptor) r.jenkins.getDescriptorOrDie(type);
            assertThat(d.getConfigPage(), endsWith("/BuildComponentStep/config.jelly"));
            assertThat(type.getResource(type.getSimpleName() + "/config.jelly"), is((URL) null));
            String help = wc.goTo("descriptorByName/" + type.getName() + "/help/remoteCacheCredentialsId")
                    .getWebResponse().getContentAsString();
            assertThat(help, containsString("KATA_RELEASE_REGISTRY_CREDENTIALS"));
            assertThat(help, containsString("KATA_RELEASE_REGISTRY_TOKEN"));
            assertThat(wc.goTo("descriptorByName/" + type.getName() + "/help/remoteCacheInsecure").getWebResponse()
                    .getContentAsString(), containsString("--remote-cache-insecure"));
            assertThat(d.doCheckRemoteCacheCredentialsId(null, "").getMessage(), containsString("anonymously"));
            assertThat(d.doCheckRemoteCacheCredentialsId(null, "missing").kind, equalTo(hudson.util.FormValidation.Kind.ERROR));
        }
    }

    /** Serves {@code index.jelly} beside this class: every configured step's form. */
    @TestExtension("theFormsRenderEveryFieldWithItsValueAndTheHelpPagesLoad")
    public static final class Forms implements RootAction {
        public List<Step> getSteps() {
            return configuredSteps();
        }

        @Override
        public String getUrlName() {
            return "kata-release-forms";
        }

        @Override
        public String getDisplayName() {
            return null;
        }

        @Override
        public String getIconFileName() {
            return null;
        }
    }

    @Test
    void everyParameterHasAGetterAFormEntryAndHelpInItsPlace() throws Exception {
        for (Step step : configuredSteps()) {
            Class<?> type = step.getClass();
            String function = ((StepDescriptor) step.getDescriptor()).getFunctionName();
            Map<String, Boolean> parameters = parameters(type);
            String jelly = resource(type, "config.jelly");
            List<String> fields = new ArrayList<>();
            Matcher m = Pattern.compile("field=\"([A-Za-z]+)\"").matcher(jelly);
            while (m.find()) {
                fields.add(m.group(1));
            }
            assertThat(type.getSimpleName(), new java.util.TreeSet<>(fields), equalTo(new java.util.TreeSet<>(parameters.keySet())));
            assertThat(fields.size(), equalTo(parameters.size()));
            assertThat(resource(type, "help.html"), containsString("<pre>"));
            assertThat(resource(type, "help.html"), containsString(function));
            int advanced = jelly.indexOf("<f:advanced>");
            for (Map.Entry<String, Boolean> p : parameters.entrySet()) {
                String cap = Character.toUpperCase(p.getKey().charAt(0)) + p.getKey().substring(1);
                assertThat(p.getKey(), getter(type, "get" + cap, "is" + cap), notNullValue());
                int at = jelly.indexOf("field=\"" + p.getKey() + "\"");
                // Mandatory parameters first, optional ones under Advanced.
                if (p.getValue()) {
                    assertThat(type.getSimpleName() + "." + p.getKey(), advanced < 0 ? -1 : at, lessThan(Math.max(advanced, 0)));
                } else {
                    assertThat(type.getSimpleName() + "." + p.getKey(), at, greaterThan(advanced));
                }
                if (credentials(p.getKey())) {
                    assertThat(p.getKey(), jelly.substring(at, jelly.indexOf("</f:entry>", at)), containsString("<c:select/>"));
                }
            }
        }
    }

    /** Parses a snippet as Pipeline does: a call of the step's name with named arguments. */
    private Step parse(String snippet) {
        List<Object> parsed = new ArrayList<>();
        Binding binding = new Binding();
        binding.setVariable("parsed", parsed);
        new GroovyShell(r.jenkins.getPluginManager().uberClassLoader, binding).evaluate(
                "def methodMissing(String name, args) {\n"
                + "  def d = org.jenkinsci.plugins.workflow.steps.StepDescriptor.byFunctionName(name)\n"
                + "  parsed.add(new org.jenkinsci.plugins.structs.describable.DescribableModel(d.clazz)"
                + ".instantiate(args.length == 0 ? [:] : args[0]))\n"
                + "}\n" + snippet);
        assertThat(snippet, parsed.size(), is(1));
        return (Step) parsed.get(0);
    }

    /** @return parameter name to whether it is mandatory (constructor) */
    private static Map<String, Boolean> parameters(Class<?> step) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Constructor<?> c : step.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    assertThat(p.isNamePresent(), is(true));
                    out.put(p.getName(), true);
                }
            }
        }
        for (Method setter : step.getMethods()) {
            if (setter.isAnnotationPresent(DataBoundSetter.class)) {
                String n = setter.getName().substring(3);
                out.put(Character.toLowerCase(n.charAt(0)) + n.substring(1), false);
            }
        }
        return out;
    }

    private static Method getter(Class<?> c, String... names) {
        for (String n : names) {
            try {
                return c.getMethod(n);
            } catch (NoSuchMethodException e) {
                // try the next name
            }
        }
        return null;
    }

    /** A credentials id: its form field is a drop-down. */
    private static boolean credentials(String parameter) {
        return parameter.equals("credentialsId") || parameter.endsWith("CredentialsId");
    }

    /** A view of the step, found as Stapler finds it: beside the class or the nearest superclass. */
    private static String resource(Class<?> step, String name) throws Exception {
        for (Class<?> c = step; c != Object.class; c = c.getSuperclass()) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + "/" + name)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " of " + step.getSimpleName() + " or a superclass is missing");
    }
}
