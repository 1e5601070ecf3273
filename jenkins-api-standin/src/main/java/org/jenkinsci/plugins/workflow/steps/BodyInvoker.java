package org.jenkinsci.plugins.workflow.steps;

/**
 * STAND-IN for workflow-step-api's {@code BodyInvoker}: present only as
 * {@link StepContext#newBodyInvoker()}'s return type; none of its members are declared.
 */
public abstract class BodyInvoker {}
