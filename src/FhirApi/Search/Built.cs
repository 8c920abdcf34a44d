namespace FhirChain.FhirApi.Search;

/// <summary>The result of building one clause: the clause, or why not (an unsupported name, or a malformed value).</summary>
internal sealed record Built(SearchClause? Clause, string? Message, bool Malformed)
{
    public static Built Of(SearchClause clause) => new(clause, null, false);

    public static Built Unsupported(string message) => new(null, message, false);

    public static Built Bad(string message) => new(null, message, true);
}
