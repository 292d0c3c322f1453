package ai.nora.internal.instrument;

/**
 * The two steps that record one provider call, shared by the advice woven into an SDK and by its
 * explicit wrappers, so that both record exactly the same. This interface is internal and is
 * hence not for public use.
 */
public interface ProviderHooks {
  /**
   * Before the call: whether {@code params} are a request this provider records, and if so the
   * recording (null when it is not recorded).
   */
  Object enter(Object params, boolean stream);

  /** After it: ends the recording, or hands back a result that will; returns what the caller gets. */
  Object exit(Object recording, Object result, Throwable thrown);
}
