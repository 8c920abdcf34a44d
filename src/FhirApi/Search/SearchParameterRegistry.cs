using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Every R4 search parameter the Firely SDK defines (<c>ModelInfo.SearchParameters</c>), per
/// resource type, plus the parameters common to all resources (<c>_id</c>, <c>_lastUpdated</c>,
/// <c>_tag</c>, <c>_profile</c>, <c>_security</c>, <c>_source</c>, <c>_text</c>, <c>_content</c>,
/// <c>_list</c>).
/// </summary>
internal sealed class SearchParameterRegistry
{
    /// <summary>Parameters answered from the version rows rather than the index tables.</summary>
    public static readonly FrozenSet<string> StorageParameters = FrozenSet.ToFrozenSet(["_id", "_lastUpdated", "_content", "_list"]);

    /// <summary>The parameter under which narrative words are indexed (as string rows).</summary>
    public const string TextParameter = "_text";

    private static readonly SearchParameterDefinition[] Common =
    [
        new("Resource", "_id", SearchParamType.Token, null, [], "http://hl7.org/fhir/SearchParameter/Resource-id"),
        new("Resource", "_lastUpdated", SearchParamType.Date, null, [], "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated"),
        new("Resource", "_tag", SearchParamType.Token, "meta.tag", [], "http://hl7.org/fhir/SearchParameter/Resource-tag"),
        new("Resource", "_profile", SearchParamType.Uri, "meta.profile", [], "http://hl7.org/fhir/SearchParameter/Resource-profile"),
        new("Resource", "_security", SearchParamType.Token, "meta.security", [], "http://hl7.org/fhir/SearchParameter/Resource-security"),
        new("Resource", "_source", SearchParamType.Uri, "meta.source", [], "http://hl7.org/fhir/SearchParameter/Resource-source"),
        new("Resource", "_content", SearchParamType.Special, null, [], "http://hl7.org/fhir/SearchParameter/Resource-content"),
        new("Resource", "_list", SearchParamType.Special, null, [], "http://hl7.org/fhir/SearchParameter/Resource-list"),
    ];

    private static readonly SearchParameterDefinition Text =
        new("DomainResource", TextParameter, SearchParamType.Special, "text.div", [], "http://hl7.org/fhir/SearchParameter/DomainResource-text");

    private readonly FrozenDictionary<string, FrozenDictionary<string, SearchParameterDefinition>> byType;
    private IReadOnlyList<string>? types;

    public SearchParameterRegistry()
    {
        var all = new Dictionary<string, Dictionary<string, SearchParameterDefinition>>(StringComparer.Ordinal);
        foreach (var type in ModelInfo.SupportedResources)
        {
            var map = new Dictionary<string, SearchParameterDefinition>(StringComparer.Ordinal);
            foreach (var common in Common)
            {
                map[common.Code] = common with { ResourceType = type };
            }

            all[type] = map;
        }

        var typeByUrl = new Dictionary<string, SearchParamType>(StringComparer.Ordinal);
        foreach (var definition in ModelInfo.SearchParameters)
        {
            if (definition.Url is not null)
            {
                typeByUrl[definition.Url] = definition.Type;
            }
        }

        foreach (var type in ModelInfo.SupportedResources)
        {
            if (ModelInfo.GetTypeForFhirType(type) is { } clr && typeof(DomainResource).IsAssignableFrom(clr))
            {
                all[type][TextParameter] = Text with { ResourceType = type };
            }
        }

        foreach (var definition in ModelInfo.SearchParameters)
        {
            if (definition.Resource is null || definition.Code is null || !all.TryGetValue(definition.Resource, out var map))
            {
                continue;
            }

            map[definition.Code] = new SearchParameterDefinition(
                definition.Resource,
                definition.Code,
                definition.Type,
                string.IsNullOrWhiteSpace(definition.Expression) ? null : ExpressionNarrowing.ForType(definition.Expression, definition.Resource),
                definition.Target?.Select(t => t.ToString()).ToArray() ?? [],
                definition.Url ?? $"http://hl7.org/fhir/SearchParameter/{definition.Resource}-{definition.Code}")
            {
                Components = definition.Component?
                    .Where(c => c.Expression is not null)
                    .Select(c => new CompositePart(c.Expression!, c.Definition is not null && typeByUrl.TryGetValue(c.Definition, out var t) ? t : SearchParamType.Special))
                    .ToArray() ?? [],
            };
        }

        foreach (var map in all.Values)
        {
            foreach (var (code, parts) in UnionAliases.Find([.. map.Values.Where(IsIndexable)]))
            {
                map[code] = map[code] with { UnionOf = parts };
            }
        }

        byType = all.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>The parameters the spec defines for all resources (<c>_text</c> only where there is a narrative), usable in a search across every type.</summary>
    public static IReadOnlyList<string> AllResourceParameters { get; } = [.. Common.Select(c => c.Code), TextParameter];

    /// <summary>Every resource type, in ordinal order.</summary>
    public IReadOnlyList<string> Types => types ??= [.. byType.Keys.Order(StringComparer.Ordinal)];

    public static bool IsForAllResources(string code) => AllResourceParameters.Contains(code);

    public bool IsKnownType(string type) => byType.ContainsKey(type);

    public SearchParameterDefinition? Find(string type, string code) =>
        byType.TryGetValue(type, out var map) && map.TryGetValue(code, out var definition) ? definition : null;

    public IEnumerable<SearchParameterDefinition> For(string type) =>
        byType.TryGetValue(type, out var map) ? map.Values : [];

    /// <summary>The parameters whose values are extracted into index tables at write time (not those searched as the union of others).</summary>
    public IReadOnlyList<SearchParameterDefinition> Indexed(string type) =>
        indexedCache.GetOrAdd(type, t => For(t)
            .Where(d => IsIndexable(d) && d.UnionOf is null)
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToArray());

    /// <summary>The parameters with values this server can index and search.</summary>
    private static bool IsIndexable(SearchParameterDefinition d) =>
        d.Expression is not null && !StorageParameters.Contains(d.Code)
        && (d.Type is not (SearchParamType.Composite or SearchParamType.Special) || d.IsSupportedComposite || d.Code == TextParameter);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SearchParameterDefinition[]> indexedCache = new(StringComparer.Ordinal);
}
