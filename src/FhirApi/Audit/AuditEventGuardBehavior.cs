using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.Patch;
using FhirChain.FhirApi.Interactions.Write;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Audit;

/// <summary>The audit trail is append-only: update, patch and delete of an AuditEvent (also inside a bundle) get 405.</summary>
internal sealed class AuditEventGuardBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private const string Audit = "AuditEvent";

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var changesAudit = message switch
        {
            UpdateRequest r => r.Type == Audit,
            ConditionalUpdateRequest r => r.Type == Audit,
            PatchRequest r => r.Type == Audit,
            DeleteRequest r => r.Type == Audit,
            BundleRequest r => r.Bundle.Entry.Any(e =>
                e.Request?.Method is Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.PATCH or Bundle.HTTPVerb.DELETE
                && BundleEntryUrl.Parse(e.Request.Url ?? string.Empty, r.BaseUrl).Type == Audit),
            _ => false,
        };
        if (changesAudit && typeof(TResponse) == typeof(FhirResponse))
        {
            return ValueTask.FromResult((TResponse)(object)Outcomes.MethodNotAllowed("AuditEvents are append-only: they cannot be updated, patched or deleted."));
        }

        return next(message, cancellationToken);
    }
}
