namespace FhirChain.Interop.Er7;

/// <summary>A well-formed message.</summary>
public sealed record Er7Parsed(Hl7Message Message) : Er7ParseResult;
