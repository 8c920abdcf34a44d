using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Auth;

/// <summary>
/// SMART on FHIR scopes, per interaction and resource type (and per entry of a bundle): 401 for a
/// request without a token, 403 when a scope is missing. A patient-level grant narrows the request's
/// <see cref="DataScope"/> to the token's patient compartment.
/// </summary>
internal sealed class SmartScopeBehavior<TMessage, TResponse>(CallerAccessor callers, DataScope scope) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (typeof(TResponse) != typeof(FhirResponse) || InteractionRequirements.Of(message) is not { } needs)
        {
            return next(message, cancellationToken);
        }

        var caller = callers.Current;
        scope.Begin(caller);
        if (caller.IsUnrestricted)
        {
            return next(message, cancellationToken);
        }

        if (caller.Scopes.Count == 0)
        {
            return Refuse(caller.Subject == Caller.Anonymous.Subject
                ? AuthOutcomes.Unauthorized("This server needs a bearer token (Authorization: Bearer ...).")
                : AuthOutcomes.Forbidden("The token carries no SMART resource scopes (e.g. system/*.rs, patient/*.r)."));
        }

        foreach (var (type, permission) in needs)
        {
            switch (caller.GrantFor(type, permission))
            {
                case AccessGrant.None:
                    return Refuse(AuthOutcomes.OutOfScope(type, permission));
                case AccessGrant.PatientCompartment:
                    scope.RestrictToPatient(caller.PatientId!);
                    break;
            }
        }

        return next(message, cancellationToken);
    }

    private static ValueTask<TResponse> Refuse(FhirResponse response) => ValueTask.FromResult((TResponse)(object)response);
}
