namespace FhirChain.FhirApi.Search;

/// <summary>
/// A stored ValueSet a <c>:in</c>/<c>:not-in</c> value refers to: its codes, or why this server
/// cannot list them without a terminology server (<see cref="Problem"/>).
/// </summary>
internal sealed record ValueSetExpansion(ValueSetCodes? Codes, string? Problem);
