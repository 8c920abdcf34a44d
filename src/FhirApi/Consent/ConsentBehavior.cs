using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions.History;
using FhirChain.FhirApi.Interactions.Read;
using FhirChain.FhirApi.Interactions.Search;
using FhirChain.FhirApi.Interactions.Validate;
using FhirChain.FhirApi.Interactions.Verify;
using FhirChain.FhirApi.Storage;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Applies the request's <see cref="DataScope"/> (research consents, patient compartment) to
/// everything that is not a search: loads the consents as they stand now and refuses a read-type
/// instance interaction on a resource outside the scope (403; a deleted resource is judged by its last
/// content, a version by its own). Searches and type and system history are narrowed by the search seam, writes (also those
/// of bundle entries) by <see cref="WriteAccess"/> in the writer.
/// </summary>
internal sealed class ConsentBehavior<TMessage, TResponse>(DataScope scope, ResourceVisibility visibility, FhirDbContext db) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (typeof(TResponse) != typeof(FhirResponse) || !scope.IsRestricted)
        {
            return await next(message, cancellationToken);
        }

        await scope.PrepareAsync(cancellationToken);
        if (message is EverythingRequest everything && await RefusesEverythingAsync(everything.PatientId, cancellationToken) is { } refusal)
        {
            return (TResponse)(object)refusal;
        }

        if (Instance(message) is { } instance && !await CanSeeAsync(message, instance.Type, instance.Id, cancellationToken))
        {
            return (TResponse)(object)ConsentOutcomes.Denied(instance.Type, instance.Id, scope.Caller.IsResearch);
        }

        return await next(message, cancellationToken);
    }

    /// <summary>
    /// <c>Patient/{id}/$everything</c> of a patient outside the token's compartment, or of a patient whose
    /// research consent permits nothing, is refused; otherwise its compartment is filtered like a search
    /// (an unknown patient is left to the handler's 404).
    /// </summary>
    private async Task<FhirResponse?> RefusesEverythingAsync(string patientId, CancellationToken cancellationToken)
    {
        if (!await db.Resources.AsNoTracking().AnyAsync(r => r.ResourceType == "Patient" && r.ResourceId == patientId && !r.IsDeleted, cancellationToken))
        {
            return null;
        }

        if (scope.Compartments is { } allowed && !allowed.Contains(patientId))
        {
            return ConsentOutcomes.Denied("Patient", patientId, research: false);
        }

        return scope.Caller.IsResearch && !scope.PermitsAnythingOf(patientId)
            ? ConsentOutcomes.Denied("Patient", patientId, research: true)
            : null;
    }

    /// <summary>
    /// A version (vread, <c>$verify</c> of a version) is judged by its own content, an instance history
    /// is refused only when no version is visible (the handler shows the visible ones), anything else
    /// by the resource's current content (a deleted one's last).
    /// </summary>
    private Task<bool> CanSeeAsync(TMessage message, string type, string id, CancellationToken cancellationToken) => message switch
    {
        VReadRequest r when int.TryParse(r.VersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var version) => visibility.CanSeeVersionAsync(type, id, version, cancellationToken),
        VerifyRequest { VersionId: { } v } when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var version) => visibility.CanSeeVersionAsync(type, id, version, cancellationToken),
        HistoryRequest => visibility.CanSeeAnyVersionAsync(type, id, cancellationToken),
        _ => visibility.CanSeeAsync(type, id, cancellationToken),
    };

    private static (string Type, string Id)? Instance(TMessage message) => message switch
    {
        ReadRequest r => (r.Type, r.Id),
        VReadRequest r => (r.Type, r.Id),
        VerifyRequest r => (r.Type, r.Id),
        HistoryRequest { Type: { } type, Id: { } id } => (type, id),
        ValidateRequest { Id: { } id } r => (r.Type, id),
        _ => null,
    };
}
