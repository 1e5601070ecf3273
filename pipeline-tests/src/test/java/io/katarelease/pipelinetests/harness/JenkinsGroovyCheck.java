package io.katarelease.pipelinetests.harness;

import java.util.Set;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.LambdaExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodReferenceExpression;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.syntax.Types;

/**
 * Rejects, at compile time, what Jenkins cannot compile although Groovy 4 can: Jenkins compiles
 * pipeline code (Jenkinsfile, vars/, src/) with Groovy 2.4 and CPS-transforms every method not
 * marked {@code @NonCPS}. Checked:
 * <ul>
 *   <li>spread method calls {@code list*.trim()} in CPS code: Jenkins's CpsTransformer fails with
 *       "spread not yet supported for CPS transformation" (still so in workflow-cps today; spread
 *       arguments and list spreads {@code [*x]} are supported and not flagged);</li>
 *   <li>{@code synchronized} in CPS code ("synchronized is unsupported for CPS transformation");</li>
 *   <li>Groovy 3+ syntax that the Groovy 2.4 parser rejects anywhere: lambdas, method references,
 *       do/while, {@code !in}, {@code !instanceof}, {@code ===}, {@code !==}, {@code ?=}.</li>
 * </ul>
 * Constructors and field initialisers are not CPS-transformed (only the syntax checks apply).
 */
final class JenkinsGroovyCheck extends CompilationCustomizer {
    private static final Set<Integer> GROOVY3_OPERATORS = Set.of(Types.COMPARE_NOT_IN, Types.COMPARE_NOT_INSTANCEOF,
            Types.COMPARE_IDENTICAL, Types.COMPARE_NOT_IDENTICAL, Types.ELVIS_EQUAL);

    JenkinsGroovyCheck() {
        super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        for (MethodNode m : classNode.getMethods()) {
            if (m.getCode() != null && !m.isSynthetic()) {
                new Visitor(source, !nonCps(m)).visit(m);
            }
        }
        for (MethodNode c : classNode.getDeclaredConstructors()) {
            if (c.getCode() != null) {
                new Visitor(source, false).visit(c);
            }
        }
        for (FieldNode f : classNode.getFields()) {
            if (f.getInitialExpression() != null) {
                f.getInitialExpression().visit(new Visitor(source, false));
            }
        }
    }

    private static boolean nonCps(MethodNode m) {
        for (AnnotationNode a : m.getAnnotations()) {
            if (a.getClassNode().getName().equals("com.cloudbees.groovy.cps.NonCPS")
                    || a.getClassNode().getNameWithoutPackage().equals("NonCPS")) {
                return true;
            }
        }
        return false;
    }

    private static final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;
        private final boolean cps;

        Visitor(SourceUnit source, boolean cps) {
            this.source = source;
            this.cps = cps;
        }

        void visit(MethodNode m) {
            m.getCode().visit(this);
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        private void error(ASTNode node, String message) {
            source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(
                    new SyntaxException("Jenkins cannot compile this: " + message, node.getLineNumber(),
                            node.getColumnNumber()), source));
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            if (cps && call.isSpreadSafe()) {
                error(call, "spread not yet supported for CPS transformation (`*." + call.getMethodAsString()
                        + "()`); use collect { it." + call.getMethodAsString() + "() } or a @NonCPS method");
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitSynchronizedStatement(SynchronizedStatement statement) {
            if (cps) {
                error(statement, "synchronized is unsupported for CPS transformation");
            }
            super.visitSynchronizedStatement(statement);
        }

        @Override
        public void visitBinaryExpression(BinaryExpression expression) {
            if (GROOVY3_OPERATORS.contains(expression.getOperation().getType())) {
                error(expression, "the operator " + expression.getOperation().getText()
                        + " needs Groovy 3; Jenkins runs Groovy 2.4");
            }
            super.visitBinaryExpression(expression);
        }

        @Override
        public void visitLambdaExpression(LambdaExpression expression) {
            error(expression, "lambda expressions need Groovy 3; Jenkins runs Groovy 2.4 (use a closure)");
            super.visitLambdaExpression(expression);
        }

        @Override
        public void visitMethodReferenceExpression(MethodReferenceExpression expression) {
            error(expression, "method references (::) need Groovy 3; Jenkins runs Groovy 2.4 (use .&)");
            super.visitMethodReferenceExpression(expression);
        }

        @Override
        public void visitDoWhileLoop(DoWhileStatement loop) {
            error(loop, "do/while needs Groovy 3; Jenkins runs Groovy 2.4");
            super.visitDoWhileLoop(loop);
        }
    }
}
