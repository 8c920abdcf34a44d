using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Interactions.History;
using FhirChain.FhirApi.Interactions.Patch;
using FhirChain.FhirApi.Interactions.Read;
using FhirChain.FhirApi.Interactions.Search;
using FhirChain.FhirApi.Interactions.Validate;
using FhirChain.FhirApi.Interactions.Verify;
using FhirChain.FhirApi.Interactions.Write;
using FhirChain.FhirApi.Search;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Auth;

/// <summary>The SMART permission each FHIR interaction needs on each resource type it touches.</summary>
internal static class InteractionRequirements
{
    /// <summary>The (type, permission) pairs a request needs; null when it needs none (metadata).</summary>
    public static IReadOnlyList<(string Type, SmartPermission Permission)>? Of(object message, string baseUrl = "") => message switch
    {
        ReadRequest r => [(r.Type, SmartPermission.Read)],
        VReadRequest r => [(r.Type, SmartPermission.Read)],
        VerifyRequest r => [(r.Type, SmartPermission.Read)],
        ValidateRequest r => [(r.Type, SmartPermission.Read)],
        SearchRequest r => [(r.Type, SmartPermission.Search)],
        SystemSearchRequest { Types: [] } => [("*", SmartPermission.Search)],
        SystemSearchRequest r => [.. r.Types.Select(t => (t, SmartPermission.Search))],
        CompartmentSearchRequest r => [(r.Type, SmartPermission.Search)],
        EverythingRequest r => OfEverything(r),
        HistoryRequest { Type: { } type, Id: not null } => [(type, SmartPermission.Read)],
        HistoryRequest { Type: { } type } => [(type, SmartPermission.Search)],
        HistoryRequest => [("*", SmartPermission.Search)],
        CreateRequest r => [(r.Type, SmartPermission.Create)],
        UpdateRequest r => [(r.Type, SmartPermission.Update)],
        ConditionalUpdateRequest r => [(r.Type, SmartPermission.Update)],
        PatchRequest r => [(r.Type, SmartPermission.Update)],
        DeleteRequest r => [(r.Type, SmartPermission.Delete)],
        BundleRequest r => OfBundle(r.Bundle, r.BaseUrl),
        _ => null,
    };

    /// <summary>
    /// <c>Patient/{id}/$everything</c>: read on the patient, and search on each type of its <c>_type</c> list;
    /// without one, it returns only the types the token may search (and includes only those it may read).
    /// </summary>
    private static List<(string Type, SmartPermission Permission)> OfEverything(EverythingRequest request) =>
        [("Patient", SmartPermission.Read), .. (EverythingOptions.Parse(request.Parameters).Types ?? (IEnumerable<string>)[]).Select(t => (t, SmartPermission.Search))];

    /// <summary>Each entry's interaction (reads are checked again when the bundle sends them).</summary>
    private static List<(string Type, SmartPermission Permission)> OfBundle(Bundle bundle, string baseUrl)
    {
        var needs = new List<(string, SmartPermission)>();
        foreach (var entry in bundle.Entry)
        {
            var url = BundleEntryUrl.Parse(entry.Request?.Url ?? string.Empty, baseUrl);
            var type = url.Type ?? entry.Resource?.TypeName ?? "*";
            SmartPermission? permission = entry.Request?.Method switch
            {
                Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD => url.Id is null ? SmartPermission.Search : SmartPermission.Read,
                Bundle.HTTPVerb.POST => SmartPermission.Create,
                Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.PATCH => SmartPermission.Update,
                Bundle.HTTPVerb.DELETE => SmartPermission.Delete,
                _ => null,
            };
            if (permission is { } p)
            {
                needs.Add((type, p));
            }
        }

        return needs;
    }
}
