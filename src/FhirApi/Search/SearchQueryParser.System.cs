using FhirChain.FhirApi.Fhir;

namespace FhirChain.FhirApi.Search;

/// <summary>System-level search (<c>GET [base]?_type=...</c>): which parameters all the types searched share.</summary>
internal sealed partial class SearchQueryParser
{
    /// <summary>
    /// Parses a search across types. <c>_type</c> (comma-separated, may repeat) lists the types;
    /// without it every type is searched and only the parameters defined for all resources may be
    /// used. A criterion must be a parameter of every type searched (a type without narrative is
    /// simply not matched by <c>_text</c>); the result parameters apply as in a type search, with
    /// <c>_sort</c> keys every type shares.
    /// </summary>
    public SystemSearchParseResult ParseSystem(IEnumerable<KeyValuePair<string, string>> parameters, bool strict, Terminology? terminology = null)
    {
        var pairs = parameters.Where(p => !Ignorable.Contains(p.Key)).ToList();
        List<string>? types = null;
        foreach (var (_, value) in pairs.Where(p => p.Key == "_type"))
        {
            types ??= [];
            foreach (var type in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!registry.IsKnownType(type))
                {
                    return SystemSearchParseResult.Failed(Outcomes.BadRequest($"_type names '{type}', which is not a FHIR R4 resource type.", "_type"));
                }

                if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }
        }

        if (types is { Count: 0 })
        {
            return SystemSearchParseResult.Failed(Outcomes.BadRequest("_type names no resource type.", "_type"));
        }

        var query = new SearchQuery(types is [var single] ? single : "Resource");
        if (types is not null)
        {
            query.LinkParameters.Add(new("_type", string.Join(",", types)));
        }

        var criteria = new List<KeyValuePair<string, string>>();
        foreach (var pair in pairs.Where(p => p.Key != "_type"))
        {
            var (name, value) = pair;
            var error = Control.Contains(name)
                ? ParseControl(query, name, value, strict, types ?? (IReadOnlyCollection<string>)registry.Types)
                : ParseCommonCriterion(query, types, name, value, strict, terminology ?? Terminology.None, criteria);
            if (error is not null)
            {
                return SystemSearchParseResult.Failed(error);
            }
        }

        return new SystemSearchParseResult(new SystemSearchQuery(query, types, criteria), null);
    }

    private FhirResponse? ParseCommonCriterion(SearchQuery query, List<string>? types, string name, string value, bool strict, Terminology terminology, List<KeyValuePair<string, string>> criteria)
    {
        var code = name.Split(':', '.')[0];
        if (types is null && !SearchParameterRegistry.IsForAllResources(code))
        {
            return Unknown(query, name, $"'{name}' needs _type: without it only the parameters defined for all resources ({string.Join(", ", SearchParameterRegistry.AllResourceParameters)}) can be used.", strict);
        }

        foreach (var type in types ?? registry.Types.Where(t => registry.Find(t, code) is not null))
        {
            var built = Build(type, name, value, depth: 0, terminology);
            if (built.Malformed)
            {
                return Outcomes.BadRequest(built.Message!, name);
            }

            if (built.Clause is null)
            {
                return Unknown(query, name, types is [_] ? built.Message! : $"'{name}' is not a parameter of every type searched: {built.Message}", strict);
            }
        }

        criteria.Add(new(name, value));
        query.LinkParameters.Add(new(name, value));
        return null;
    }
}
