namespace FhirChain.FhirApi.Consents;

/// <summary>
/// One provision that applies at request time (its period, actors and purposes already checked):
/// the data it covers (resource types from <c>class</c>, codes from <c>code</c>; empty = any), its
/// decision, and its nested provisions, which are exceptions evaluated in order (the first that covers
/// a resource decides for it).
/// </summary>
internal sealed record ConsentRule(bool Permit, IReadOnlyList<string> Types, IReadOnlyList<CodeKey> Codes, IReadOnlyList<ConsentRule> Exceptions)
{
    /// <summary>Whether this rule covers a resource of a type with these codes.</summary>
    public bool Covers(string type, IReadOnlyCollection<CodeKey> codes) =>
        (Types.Count == 0 || Types.Contains(type))
        && (Codes.Count == 0 || Codes.Any(wanted => codes.Any(c => c.Code == wanted.Code && (wanted.System is null || c.System == wanted.System))));

    /// <summary>The decision for a resource this rule covers: the first covering exception's, else this rule's.</summary>
    public bool Decide(string type, IReadOnlyCollection<CodeKey> codes) =>
        Exceptions.FirstOrDefault(e => e.Covers(type, codes)) is { } exception ? exception.Decide(type, codes) : Permit;

    /// <summary>The decision at the root: data the root covers gets its decision, other data the opposite.</summary>
    public bool DecideAtRoot(string type, IReadOnlyCollection<CodeKey> codes) =>
        Covers(type, codes) ? Decide(type, codes) : !Permit;

    /// <summary>Whether, at the root, any data at all may be permitted: false only for a deny of everything whose exceptions permit nothing.</summary>
    public bool PermitsAnythingAtRoot => Types.Count > 0 || Codes.Count > 0 || MayPermit;

    private bool MayPermit => Permit || Exceptions.Any(e => e.MayPermit);

    /// <summary>
    /// Whether this rule's decision for resources of a type depends on their codes: some provision it
    /// would evaluate for that type (one whose class covers the type, under one that does) names codes.
    /// </summary>
    public bool DependsOnCodes(string type) =>
        (Types.Count == 0 || Types.Contains(type)) && (Codes.Count > 0 || Exceptions.Any(e => e.DependsOnCodes(type)));

    /// <summary>A text that is equal for equal rules (to group patients whose consents say the same).</summary>
    public string Signature() =>
        $"{(Permit ? "P" : "D")}[{string.Join(',', Types)}][{string.Join(',', Codes.Select(c => c.System + "|" + c.Code))}]({string.Join(';', Exceptions.Select(e => e.Signature()))})";
}
