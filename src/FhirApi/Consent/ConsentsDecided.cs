namespace FhirChain.FhirApi.Consents;

/// <summary>The research consents that govern a request (for its audit trail) and what they decide per patient and type.</summary>
internal sealed record ConsentsDecided(IReadOnlyList<ConsentDirective> Directives, ConsentDecisions Decisions);
