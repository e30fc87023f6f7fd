package dev.gatehouse.authorize;

import dev.gatehouse.audit.DecisionRecord;
import dev.gatehouse.check.Caller;
import dev.gatehouse.check.CheckRequest;
import dev.gatehouse.check.CheckService;
import dev.gatehouse.error.DeniedException;
import dev.gatehouse.token.VerifiedToken;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Runs the check API's decision before an {@link ExternalAuthorize}d method: the same verifier,
 * engine and audit log (source {@code interceptor}), so there is one decision path.
 */
@ExternalAuthorize
@Interceptor
@Priority(ExternalAuthorize.INTERCEPTOR_PRIORITY)
public class ExternalAuthorizeInterceptor {
  @Inject CheckService checks;
  @Inject PrincipalHolder holder;
  @Inject Instance<HttpServletRequest> request;
  @Inject AuthorizeSettings settings;

  @AroundInvoke
  Object authorize(InvocationContext ic) throws Exception {
    ExternalAuthorize a = AuthorizedCall.binding(ic.getMethod());
    HttpServletRequest http = request.isResolvable() ? request.get() : null;
    String token = AuthorizedCall.tokenOf(http, settings);
    if (token == null && a.allowUnauthenticated()) {
      holder.set(ClaimsPrincipal.anonymous());
      return ic.proceed();
    }
    CheckRequest check =
        new CheckRequest(token, a.resource(), a.action(), AuthorizedCall.context(ic), null);
    // The token was looked for above (AuthorizedCall.tokenOf); the caller's Authorization header is
    // only read
    // again by the check path when none was found there, and then holds no Bearer token either.
    CheckService.Outcome o =
        checks.check(a.workspace(), check, Caller.of(http), DecisionRecord.Source.INTERCEPTOR);
    if (!o.decision().allowed()) {
      throw new DeniedException(
          o.decisionId(),
          o.decision().reason(),
          o.decision().policyName(),
          "access to "
              + a.action()
              + " on "
              + a.resource()
              + " was denied (decision "
              + o.decisionId()
              + ")");
    }
    VerifiedToken t = o.token();
    holder.set(
        new ClaimsPrincipal(
            t.raw(),
            t.subject(),
            t.provider().id(),
            t.claims(),
            t.attributes(),
            o.decisionId(),
            o.decision().policyName(),
            settings.groupsClaim()));
    return ic.proceed();
  }
}
