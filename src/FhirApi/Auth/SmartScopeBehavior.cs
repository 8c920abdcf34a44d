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
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (typeof(TResponse) != typeof(FhirResponse) || InteractionRequirements.Of(message) is not { } needs)
        {
            return await next(message, cancellationToken);
        }

        // A bundle entry's read passes here nested in the bundle's request: it narrows the scope for
        // itself, and the bundle's narrowing is put back for the entries that follow.
        var outer = scope.Save();
        try
        {
            return BeginScope(callers.Current, needs) is { } refusal ? (TResponse)(object)refusal : await next(message, cancellationToken);
        }
        finally
        {
            scope.Restore(outer);
        }
    }

    /// <summary>Starts the request's scope for the caller and narrows it by the grants; the refusal when a scope is missing.</summary>
    private FhirResponse? BeginScope(Caller caller, IReadOnlyList<(string Type, SmartPermission Permission)> needs)
    {
        scope.Begin(caller);
        if (caller.IsUnrestricted)
        {
            return null;
        }

        if (caller.Scopes.Count == 0)
        {
            return caller.Subject == Caller.Anonymous.Subject
                ? AuthOutcomes.Unauthorized("This server needs a bearer token (Authorization: Bearer ...).")
                : AuthOutcomes.Forbidden("The token carries no SMART resource scopes (e.g. system/*.rs, patient/*.r).");
        }

        foreach (var (type, permission) in needs)
        {
            switch (caller.GrantFor(type, permission))
            {
                case AccessGrant.None:
                    return AuthOutcomes.OutOfScope(type, permission);
                case AccessGrant.PatientCompartment:
                    scope.RestrictToPatient(caller.PatientId!);
                    break;
            }
        }

        return null;
    }
}
