using System.Text;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions;
using FhirChain.FhirApi.Interactions.History;
using FhirChain.FhirApi.Interactions.Patch;
using FhirChain.FhirApi.Interactions.Read;
using FhirChain.FhirApi.Interactions.Search;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Bundles;

/// <summary>
/// Executes one bundle entry: writes on a given write session (held to the request's scope by the
/// writer, as single writes are), reads through the mediator (checked as single reads are).
/// </summary>
internal sealed class EntryExecutor(ResourceWriter writer, PatchApplier patcher, ISender sender, SearchParameterRegistry registry)
{
    public async Task<FhirResponse> WriteAsync(WriteSession session, Bundle.EntryComponent entry, BundleEntryUrl url, string? assignedId, CancellationToken cancellationToken)
    {
        var conditions = new WriteConditions(entry.Request!.IfMatch, entry.Request!.IfNoneExist);
        if (url.Unsupported || url.Type is null || !registry.IsKnownType(url.Type))
        {
            return Outcomes.BadRequest($"request.url '{entry.Request!.Url}' does not name a resource type of this server.", "Bundle.entry.request.url");
        }

        switch (entry.Request!.Method)
        {
            case Bundle.HTTPVerb.POST when url.Id is null:
                if (entry.Resource is null)
                {
                    return Outcomes.BadRequest("A POST entry needs a resource.", "Bundle.entry.resource");
                }

                if (entry.Resource.TypeName != url.Type)
                {
                    return Outcomes.BadRequest($"The entry's resource is a {entry.Resource.TypeName}, but its URL is for {url.Type}.", "Bundle.entry.resource");
                }

                return await writer.CreateAsync(session, entry.Resource, conditions with { IfNoneExist = assignedId is null ? conditions.IfNoneExist : null }, cancellationToken, assignedId);
            case Bundle.HTTPVerb.PUT when entry.Resource is null:
                return Outcomes.BadRequest("A PUT entry needs a resource.", "Bundle.entry.resource");
            case Bundle.HTTPVerb.PUT when url.Id is not null:
                return await writer.UpdateAsync(session, url.Type, url.Id, entry.Resource, conditions, cancellationToken);
            case Bundle.HTTPVerb.PUT when assignedId is not null:
                entry.Resource.Id = assignedId;
                return await writer.UpdateAsync(session, url.Type, assignedId, entry.Resource, conditions, cancellationToken);
            case Bundle.HTTPVerb.PUT:
                return await writer.ConditionalUpdateAsync(session, url.Type, url.Criteria ?? string.Empty, entry.Resource, conditions, cancellationToken);
            case Bundle.HTTPVerb.DELETE when url.Id is not null:
                return await writer.DeleteAsync(session, url.Type, url.Id, conditions, cancellationToken);
            case Bundle.HTTPVerb.DELETE:
                return await writer.ConditionalDeleteAsync(session, url.Type, url.Criteria ?? string.Empty, cancellationToken);
            case Bundle.HTTPVerb.PATCH:
                var document = ToPatch(entry.Resource);
                if (document is null)
                {
                    return Outcomes.BadRequest("A PATCH entry needs a Binary holding a JSON Patch, or a FHIRPath Patch Parameters.", "Bundle.entry.resource");
                }

                return await patcher.PatchAsync(session, new PatchRequest(url.Type, url.Id, url.Criteria, document, conditions), cancellationToken);
            default:
                return Outcomes.BadRequest($"{entry.Request!.Method} {entry.Request!.Url} is not a write this server supports in a bundle.", "Bundle.entry.request");
        }
    }

    public async Task<FhirResponse> ReadAsync(Bundle.EntryComponent entry, BundleEntryUrl url, string baseUrl, CancellationToken cancellationToken)
    {
        if (url.Unsupported || (url.Type is not null && !registry.IsKnownType(url.Type)))
        {
            return Outcomes.BadRequest($"request.url '{entry.Request!.Url}' is not a read this server supports.", "Bundle.entry.request.url");
        }

        var parameters = QueryStrings.Parse(url.Criteria);
        if (url.IsHistory)
        {
            return await sender.Send(new HistoryRequest(url.Type, url.Id, parameters, baseUrl), cancellationToken);
        }

        if (url.Type is null)
        {
            return Outcomes.BadRequest($"request.url '{entry.Request!.Url}' is not a read this server supports.", "Bundle.entry.request.url");
        }

        if (url.Id is null)
        {
            return await sender.Send(new SearchRequest(url.Type, parameters, Strict: false, baseUrl), cancellationToken);
        }

        return url.VersionId is null
            ? await sender.Send(new ReadRequest(url.Type, url.Id, entry.Request!.IfNoneMatch), cancellationToken)
            : await sender.Send(new VReadRequest(url.Type, url.Id, url.VersionId), cancellationToken);
    }

    private static PatchDocument? ToPatch(Resource? resource) => resource switch
    {
        Parameters parameters => new PatchDocument(null, parameters),
        Binary { Data: { } data } => JsonPatcher.ParseOperations(data) is { } operations ? new PatchDocument(operations, null) : null,
        _ => null,
    };
}
