namespace FhirChain.Interop.Er7;

/// <summary>
/// The messages of an FHS/BHS batch file and the errors met on the way: a malformed message is
/// reported (with its segment index in the file) and the others still parse.
/// </summary>
public sealed record Er7BatchResult(IReadOnlyList<Hl7Message> Messages, IReadOnlyList<Er7ParseError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
