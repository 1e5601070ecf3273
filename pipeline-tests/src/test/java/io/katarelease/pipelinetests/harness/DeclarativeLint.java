package io.katarelease.pipelinetests.harness;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.syntax.Types;

/**
 * The compile-time rules of Declarative Pipeline (pipeline-model-definition's ModelParser and
 * validator) that running the closures cannot see, checked on the source of every
 * {@code pipeline { }} block: sections known and given once; stage names string literals; a
 * stage has exactly one of steps, stages and parallel; no parallel inside a parallel branch;
 * {@code steps { }} and {@code post} conditions hold only step calls (other Groovy, such as
 * {@code def x = ...}, an assignment or an if, belongs in {@code script { }}); parameters,
 * triggers and options are calls without blocks; {@code when} holds conditions and a literal
 * {@code beforeAgent}; {@code environment} holds {@code NAME = value} only; and the pipeline is
 * at the top level of a Jenkinsfile or inside {@code call} of a vars script.
 */
final class DeclarativeLint extends CompilationCustomizer {
    private static final Set<String> PIPELINE_SECTIONS = Set.of("agent", "environment", "options", "parameters",
            "post", "stages", "triggers", "tools", "libraries");
    private static final Set<String> STAGE_SECTIONS = Set.of("agent", "when", "steps", "post", "options", "input",
            "tools", "environment", "parallel", "failFast", "stages", "matrix");
    private static final Set<String> POST_CONDITIONS = Set.copyOf(PipelineModel.POST_CONDITION_ORDER);
    private static final Set<String> AGENT_TYPES = Set.of("label", "node", "any", "docker", "dockerfile",
            "kubernetes");

    DeclarativeLint() {
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        for (MethodNode m : classNode.getMethods()) {
            if (m.getCode() == null) {
                continue;
            }
            Checker checker = new Checker(source);
            m.getCode().visit(new CodeVisitorSupport() {
                @Override
                public void visitMethodCallExpression(MethodCallExpression call) {
                    if (call.isImplicitThis() && "pipeline".equals(call.getMethodAsString())
                            && block(call) != null) {
                        boolean topLevel = m.isScriptBody() && isTopLevelStatement(m, call);
                        if (!topLevel && !"call".equals(m.getName())) {
                            checker.error(call, "pipeline { } must be a top-level statement of a Jenkinsfile or be"
                                    + " inside the call method of a vars script, not in " + m.getName() + "()");
                        }
                        checker.pipeline(block(call));
                        return;
                    }
                    super.visitMethodCallExpression(call);
                }
            });
        }
    }

    private static boolean isTopLevelStatement(MethodNode m, MethodCallExpression call) {
        if (!(m.getCode() instanceof BlockStatement b)) {
            return false;
        }
        for (Statement s : b.getStatements()) {
            if (s instanceof ExpressionStatement es && es.getExpression() == call) {
                return true;
            }
        }
        return false;
    }

    static MethodCallExpression call(Statement s) {
        if (s instanceof ExpressionStatement es && es.getExpression() instanceof MethodCallExpression mc) {
            return mc;
        }
        return null;
    }

    static List<Expression> args(MethodCallExpression mc) {
        return mc.getArguments() instanceof TupleExpression t ? t.getExpressions() : List.of(mc.getArguments());
    }

    static ClosureExpression block(MethodCallExpression mc) {
        List<Expression> a = args(mc);
        return !a.isEmpty() && a.get(a.size() - 1) instanceof ClosureExpression c ? c : null;
    }

    static List<Statement> statements(ClosureExpression c) {
        return c.getCode() instanceof BlockStatement b ? b.getStatements() : List.of(c.getCode());
    }

    private static final class Checker {
        private final SourceUnit source;

        Checker(SourceUnit source) {
            this.source = source;
        }

        void error(ASTNode node, String message) {
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(
                    new SyntaxException("Declarative Pipeline rejects this: " + message, node.getLineNumber(),
                            node.getColumnNumber()), source));
        }

        void pipeline(ClosureExpression body) {
            Set<String> seen = new HashSet<>();
            for (Statement s : statements(body)) {
                MethodCallExpression mc = call(s);
                if (mc == null) {
                    error(s, "not a valid section definition in pipeline { }");
                    continue;
                }
                String name = mc.getMethodAsString();
                if (!PIPELINE_SECTIONS.contains(name)) {
                    error(mc, "undefined section \"" + name + "\" in pipeline { }");
                    continue;
                }
                if (!seen.add(name)) {
                    error(mc, "multiple occurrences of the " + name + " section");
                }
                switch (name) {
                    case "stages" -> stages(mc, false);
                    case "agent" -> agent(mc);
                    case "post" -> post(mc);
                    case "environment" -> environment(mc);
                    case "parameters", "triggers", "options" -> callsWithoutBlocks(mc, name);
                    default -> {
                    }
                }
            }
            if (!seen.contains("stages")) {
                error(body, "missing required section \"stages\"");
            }
            if (!seen.contains("agent")) {
                error(body, "missing required section \"agent\"");
            }
        }

        void stages(MethodCallExpression stagesCall, boolean inParallel) {
            ClosureExpression b = block(stagesCall);
            if (b == null) {
                error(stagesCall, "expected a block for " + stagesCall.getMethodAsString());
                return;
            }
            for (Statement s : statements(b)) {
                MethodCallExpression mc = call(s);
                if (mc == null || !"stage".equals(mc.getMethodAsString())) {
                    error(s, "expected a stage");
                    continue;
                }
                stage(mc, inParallel);
            }
        }

        void stage(MethodCallExpression stageCall, boolean inParallel) {
            List<Expression> a = args(stageCall);
            if (a.isEmpty() || !(a.get(0) instanceof ConstantExpression c) || !(c.getValue() instanceof String)) {
                error(stageCall, "a stage name must be a string literal");
            }
            ClosureExpression body = block(stageCall);
            if (body == null || a.size() != 2) {
                error(stageCall, "stage does not have a block");
                return;
            }
            Set<String> seen = new HashSet<>();
            for (Statement s : statements(body)) {
                MethodCallExpression mc = call(s);
                if (mc == null) {
                    error(s, "not a valid stage section definition");
                    continue;
                }
                String name = mc.getMethodAsString();
                if (!STAGE_SECTIONS.contains(name)) {
                    error(mc, "unknown stage section \"" + name + "\"");
                    continue;
                }
                if (!seen.add(name)) {
                    error(mc, "multiple occurrences of the " + name + " section");
                }
                switch (name) {
                    case "steps" -> steps(mc);
                    case "parallel" -> {
                        if (inParallel) {
                            error(mc, "parallel stages or branches can only be included in a top-level stage");
                        }
                        stages(mc, true);
                    }
                    case "stages" -> stages(mc, inParallel);
                    case "when" -> when(mc);
                    case "agent" -> agent(mc);
                    case "post" -> post(mc);
                    case "environment" -> environment(mc);
                    case "options" -> callsWithoutBlocks(mc, name);
                    case "failFast" -> booleanLiteral(mc);
                    default -> {
                    }
                }
            }
            int kinds = (seen.contains("steps") ? 1 : 0) + (seen.contains("parallel") ? 1 : 0)
                    + (seen.contains("stages") ? 1 : 0) + (seen.contains("matrix") ? 1 : 0);
            if (kinds != 1) {
                error(stageCall, "a stage must have one and only one of steps, stages, parallel, or matrix");
            }
        }

        void steps(MethodCallExpression stepsCall) {
            ClosureExpression b = block(stepsCall);
            if (b == null) {
                error(stepsCall, "expected a block for " + stepsCall.getMethodAsString());
                return;
            }
            for (Statement s : statements(b)) {
                MethodCallExpression mc = call(s);
                if (mc == null) {
                    error(s, "expected a step (wrap other Groovy, such as declarations, assignments, if and"
                            + " loops, in script { })");
                    continue;
                }
                String name = mc.getMethodAsString();
                if ("script".equals(name)) {
                    if (block(mc) == null) {
                        error(mc, "script without a block");
                    }
                    continue;
                }
                if (block(mc) != null) {
                    steps(mc); // a block step such as dir('x') { ... }: its body holds steps too
                }
            }
        }

        void when(MethodCallExpression whenCall) {
            ClosureExpression b = block(whenCall);
            if (b == null) {
                error(whenCall, "expected a block for when");
                return;
            }
            int conditions = 0;
            for (Statement s : statements(b)) {
                MethodCallExpression mc = call(s);
                if (mc == null) {
                    error(s, "expected a when condition");
                    continue;
                }
                if ("beforeAgent".equals(mc.getMethodAsString()) || "beforeInput".equals(mc.getMethodAsString())
                        || "beforeOptions".equals(mc.getMethodAsString())) {
                    booleanLiteral(mc);
                } else {
                    conditions++;
                }
            }
            if (conditions == 0) {
                error(whenCall, "empty when closure, no condition defined");
            }
        }

        void agent(MethodCallExpression agentCall) {
            List<Expression> a = args(agentCall);
            ClosureExpression b = block(agentCall);
            if (b == null) {
                if (a.size() != 1 || !(a.get(0) instanceof VariableExpression v)
                        || !Set.of("none", "any").contains(v.getName())) {
                    error(agentCall, "invalid agent type; expected none, any or a block");
                }
                return;
            }
            List<Statement> st = statements(b);
            if (st.size() != 1 || call(st.get(0)) == null) {
                error(agentCall, "only one agent type may be specified per agent section");
                return;
            }
            MethodCallExpression type = call(st.get(0));
            if (!AGENT_TYPES.contains(type.getMethodAsString())) {
                error(type, "invalid agent type \"" + type.getMethodAsString() + "\"");
            }
            ClosureExpression options = block(type);
            if (options != null) {
                for (Statement s : statements(options)) {
                    MethodCallExpression mc = call(s);
                    if (mc == null || args(mc).size() != 1) {
                        error(s, "agent options are method calls with one argument, e.g. label 'x'");
                    }
                }
            }
        }

        void post(MethodCallExpression postCall) {
            ClosureExpression b = block(postCall);
            if (b == null) {
                error(postCall, "expected a block for post");
                return;
            }
            for (Statement s : statements(b)) {
                MethodCallExpression mc = call(s);
                if (mc == null || !POST_CONDITIONS.contains(mc.getMethodAsString()) || block(mc) == null) {
                    error(s, "expected a post condition block (" + POST_CONDITIONS + ")");
                    continue;
                }
                steps(mc);
            }
        }

        void environment(MethodCallExpression envCall) {
            ClosureExpression b = block(envCall);
            if (b == null) {
                error(envCall, "expected a block for environment");
                return;
            }
            for (Statement s : statements(b)) {
                if (!(s instanceof ExpressionStatement es) || !(es.getExpression() instanceof BinaryExpression be)
                        || be.getOperation().getType() != Types.EQUAL
                        || !(be.getLeftExpression() instanceof VariableExpression)) {
                    error(s, "expected name=value pairs in environment");
                }
            }
        }

        void callsWithoutBlocks(MethodCallExpression sectionCall, String section) {
            ClosureExpression b = block(sectionCall);
            if (b == null) {
                error(sectionCall, "expected a block for " + section);
                return;
            }
            for (Statement s : statements(b)) {
                MethodCallExpression mc = call(s);
                if (mc == null) {
                    error(s, "expected a method call in " + section);
                } else if (block(mc) != null) {
                    error(mc, section + " cannot have blocks");
                }
            }
        }

        void booleanLiteral(MethodCallExpression mc) {
            List<Expression> a = args(mc);
            if (a.size() != 1 || !(a.get(0) instanceof ConstantExpression c) || !(c.getValue() instanceof Boolean)) {
                error(mc, "expected a boolean literal with " + mc.getMethodAsString());
            }
        }
    }
}
