using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>CE/CWE/CNE to CodeableConcept: triplets 1-3 and 4-6 become codings, CWE-9 (or the first display) the text.</summary>
internal static class CweConverter
{
    public static CodeableConcept? ToCodeableConcept(Hl7Repetition cwe, string? defaultSystem = null)
    {
        var concept = new CodeableConcept();
        AddCoding(concept, cwe.Component(1).Value, cwe.Component(2).Value, cwe.Component(3).Value, defaultSystem);
        AddCoding(concept, cwe.Component(4).Value, cwe.Component(5).Value, cwe.Component(6).Value, null);
        var text = cwe.Component(9).Value;
        if (text.Length > 0)
        {
            concept.Text = text;
        }
        else if (concept.Coding.Count == 0 && cwe.Component(2).Value.Length > 0)
        {
            concept.Text = cwe.Component(2).Value;
        }

        return concept.Coding.Count == 0 && concept.Text is null ? null : concept;
    }

    public static Coding? ToCoding(Hl7Repetition cwe, string? defaultSystem = null)
    {
        var code = cwe.Component(1).Value.Trim();
        return code.Length == 0 ? null : new Coding(CodeSystems.ToUri(cwe.Component(3).Value) ?? defaultSystem, code, NullIfEmpty(cwe.Component(2).Value));
    }

    private static void AddCoding(CodeableConcept concept, string code, string display, string system, string? defaultSystem)
    {
        code = code.Trim();
        if (code.Length == 0)
        {
            return;
        }

        concept.Coding.Add(new Coding(CodeSystems.ToUri(system) ?? defaultSystem, code, NullIfEmpty(display)));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
