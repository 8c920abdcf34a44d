namespace FhirChain.FhirApi.Consents;

/// <summary>
/// A research client's consents decided once per request (or per export job) for each patient and each
/// kind of data, so the filter compares patients with a few lists instead of running every patient's
/// provisions for every resource. Class provisions make decisions differ by resource type: each type a
/// provision names gets its own <see cref="TypeDecisions"/>, all other types share one. Within one, a
/// patient's consent permits everything, denies everything, or decides by code; only resources of the
/// last group's patients are checked one by one. Periods, actors and purposes were already applied when
/// the consents were interpreted for the request.
/// </summary>
internal sealed class ConsentDecisions
{
    public ConsentDecisions(IReadOnlyList<ConsentDirective> directives, ConsentPolicy defaultPolicy)
    {
        DefaultPolicy = defaultPolicy;
        NamedTypes = directives.SelectMany(d => NamedBy(d.Rule)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        ByType = NamedTypes.Select(type => TypeDecisions.Decide(type, directives)).ToList();
        OtherTypes = TypeDecisions.Decide(null, directives);
    }

    /// <summary>What patients without an applicable consent get.</summary>
    public ConsentPolicy DefaultPolicy { get; }

    /// <summary>The resource types some provision's class names.</summary>
    public IReadOnlyList<string> NamedTypes { get; }

    /// <summary>The decisions for each of <see cref="NamedTypes"/>, in the same order.</summary>
    public IReadOnlyList<TypeDecisions> ByType { get; }

    /// <summary>The decisions for every type no provision names.</summary>
    public TypeDecisions OtherTypes { get; }

    /// <summary>The decisions for resources of a type.</summary>
    public TypeDecisions For(string type) => ByType.FirstOrDefault(t => t.Type == type) ?? OtherTypes;

    private static IEnumerable<string> NamedBy(ConsentRule rule) => rule.Types.Concat(rule.Exceptions.SelectMany(NamedBy));
}
