namespace FhirChain.Interop.Mapping;

/// <summary>HL7 v2 coding system names (table 0396) to FHIR code system URIs.</summary>
internal static class CodeSystems
{
    public const string V2Prefix = "http://terminology.hl7.org/CodeSystem/v2-";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Loinc = "http://loinc.org";
    public const string LocalPrefix = "urn:fhirchain:v2:coding-system:";

    public static string? ToUri(string name)
    {
        name = name.Trim();
        if (name.Length == 0)
        {
            return null;
        }

        var upper = name.ToUpperInvariant();
        switch (upper)
        {
            case "LN" or "LOINC": return Loinc;
            case "SCT" or "SNM" or "SNOMED" or "SNM3" or "SCT2": return "http://snomed.info/sct";
            case "UCUM": return Ucum;
            case "I10" or "ICD10": return "http://hl7.org/fhir/sid/icd-10";
            case "I10C" or "ICD10CM": return "http://hl7.org/fhir/sid/icd-10-cm";
            case "I9C" or "I9CM": return "http://hl7.org/fhir/sid/icd-9-cm";
            case "RXNORM": return "http://www.nlm.nih.gov/research/umls/rxnorm";
            case "CVX": return "http://hl7.org/fhir/sid/cvx";
            case "NDC": return "http://hl7.org/fhir/sid/ndc";
            case "ISO639": return "urn:ietf:bcp:47";
            case "ISO3166": return "urn:iso:std:iso:3166";
        }

        if (upper.StartsWith("HL7", StringComparison.Ordinal) && upper.Length == 7 && upper[3..].All(char.IsAsciiDigit))
        {
            return V2Prefix + upper[3..];
        }

        if (Uri.TryCreate(name, UriKind.Absolute, out _) && !name.Any(char.IsWhiteSpace))
        {
            return name;
        }

        return LocalPrefix + Uri.EscapeDataString(name);
    }
}
