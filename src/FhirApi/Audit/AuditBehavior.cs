using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.History;
using FhirChain.FhirApi.Interactions.Patch;
using FhirChain.FhirApi.Interactions.Read;
using FhirChain.FhirApi.Interactions.Search;
using FhirChain.FhirApi.Interactions.Verify;
using FhirChain.FhirApi.Interactions.Write;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// After each read, search, history and write (and each refusal by scopes or consent), queues an
/// AuditEvent describing who did what to which resource or query, and how it ended.
/// </summary>
internal sealed class AuditBehavior<TMessage, TResponse>(AuditTrail trail, CallerAccessor callers, TimeProvider clock) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        if (response is FhirResponse fhir && Describe(message, fhir) is { } access)
        {
            var detail = fhir.IsSuccess ? null : (fhir.Resource as OperationOutcome)?.Issue.FirstOrDefault()?.Diagnostics;
            trail.Record(new AuditRecord(callers.Current, access.Interaction, access.Action, access.Type, access.Id, access.Query,
                fhir.StatusCode, detail, clock.GetUtcNow()));
        }

        return response;
    }

    private static (string Interaction, string Action, string? Type, string? Id, string? Query)? Describe(TMessage message, FhirResponse response) => message switch
    {
        ReadRequest r => ("read", "R", r.Type, r.Id, null),
        VReadRequest r => ("vread", "R", r.Type, r.Id, null),
        VerifyRequest r => ("operation", "E", r.Type, r.Id, "$verify"),
        SearchRequest r => ("search-type", "E", r.Type, null, $"{r.Type}?{QueryStrings.Format(r.Parameters)}"),
        SystemSearchRequest r => ("search-system", "E", null, null, $"?{QueryStrings.Format(r.Parameters)}"),
        CompartmentSearchRequest r => ("search-type", "E", r.Type, null, $"{r.Compartment}/{r.CompartmentId}/{r.Type}?{QueryStrings.Format(r.Parameters)}"),
        EverythingRequest r => ("operation", "E", "Patient", r.PatientId, $"$everything?{QueryStrings.Format(r.Parameters)}"),
        HistoryRequest r => (r.Id is null ? (r.Type is null ? "history-system" : "history-type") : "history-instance", "R", r.Type, r.Id, null),
        CreateRequest r => ("create", "C", r.Type, response.Id, null),
        UpdateRequest r => ("update", "U", r.Type, r.Id, null),
        ConditionalUpdateRequest r => ("update", "U", r.Type, response.Id, $"{r.Type}?{r.Criteria}"),
        PatchRequest r => ("patch", "U", r.Type, r.Id ?? response.Id, r.Criteria is null ? null : $"{r.Type}?{r.Criteria}"),
        DeleteRequest r => ("delete", "D", r.Type, r.Id ?? response.Id, r.Criteria is null ? null : $"{r.Type}?{r.Criteria}"),
        BundleRequest r => (r.Bundle.Type == Bundle.BundleType.Transaction ? "transaction" : "batch", "E", "Bundle", null, null),
        _ => null,
    };
}
