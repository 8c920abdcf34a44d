namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The rules of <see cref="AccessFilter"/> decided in memory for one resource's <see cref="AccessFacts"/>,
/// for content the index no longer describes (a deleted resource's last version): inside one of the
/// compartments when any are set (it is one of those patients, or references one); and, for a research
/// client, permitted by every patient whose compartment it is in (deny wins), patients without an
/// applicable consent following the default policy.
/// </summary>
internal sealed class AccessRules(IReadOnlyList<string>? compartments, IReadOnlyList<ConsentDirective>? directives, ConsentPolicy defaultPolicy)
{
    private readonly Dictionary<string, ConsentRule>? rules = directives?.ToDictionary(d => d.PatientId, d => d.Rule, StringComparer.Ordinal);

    public bool Allows(AccessFacts facts)
    {
        if (compartments is not null && !((facts.Type == "Patient" && compartments.Contains(facts.Id)) || facts.Patients.Any(compartments.Contains)))
        {
            return false;
        }

        if (rules is null)
        {
            return true;
        }

        bool Permits(string patientId) => rules.TryGetValue(patientId, out var rule)
            ? rule.DecideAtRoot(facts.Type, facts.Codes)
            : defaultPolicy == ConsentPolicy.Permit;

        return (facts.Type != "Patient" || Permits(facts.Id)) && facts.Patients.All(Permits);
    }
}
