namespace FhirChain.FhirApi.Consents;

/// <summary>
/// What the consents decide for resources of one type (<see cref="Type"/> null: every type no provision
/// names): the patients whose consent permits all of them, those whose consent denies all of them, and
/// those whose decision depends on a resource's codes, grouped by equal rules. Patients in none of the
/// lists have no applicable consent and get the default policy.
/// </summary>
internal sealed record TypeDecisions(string? Type, IReadOnlyList<string> Permitted, IReadOnlyList<string> Denied, IReadOnlyList<CodeDecidedPatients> ByCode)
{
    /// <summary>Decides each directive for a type; null stands for a type no provision names.</summary>
    public static TypeDecisions Decide(string? type, IReadOnlyList<ConsentDirective> directives)
    {
        var key = Key(type);
        var permitted = new List<string>();
        var denied = new List<string>();
        var byCode = new Dictionary<string, (ConsentRule Rule, List<string> Patients)>(StringComparer.Ordinal);
        foreach (var directive in directives)
        {
            if (directive.Rule.DependsOnCodes(key))
            {
                var signature = directive.Rule.Signature();
                if (!byCode.TryGetValue(signature, out var group))
                {
                    group = (directive.Rule, []);
                    byCode.Add(signature, group);
                }

                group.Patients.Add(directive.PatientId);
            }
            else
            {
                (directive.Rule.DecideAtRoot(key, []) ? permitted : denied).Add(directive.PatientId);
            }
        }

        return new TypeDecisions(type, permitted, denied, byCode.Values.Select(g => new CodeDecidedPatients(g.Rule, g.Patients)).ToList());
    }

    /// <summary>
    /// The decisions for resources that carry none of the codes the provisions name: every patient who
    /// decides by code then gets the decision their consent gives such data.
    /// </summary>
    public TypeDecisions WithoutNamedCodes()
    {
        var key = Key(Type);
        var byDefault = ByCode.SelectMany(g => g.PatientIds.Select(p => (Patient: p, Permit: g.Rule.DecideAtRoot(key, [])))).ToList();
        return new TypeDecisions(
            Type,
            [.. Permitted, .. byDefault.Where(d => d.Permit).Select(d => d.Patient)],
            [.. Denied, .. byDefault.Where(d => !d.Permit).Select(d => d.Patient)],
            []);
    }

    /// <summary>The code values the provisions of the patients who decide by code name (a resource with none of them gets <see cref="WithoutNamedCodes"/>).</summary>
    public IReadOnlyList<string> NamedCodes() =>
        ByCode.SelectMany(g => CodesOf(g.Rule)).Select(c => c.Code).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Whether a patient permits a resource of a type these decisions are for, with these codes (the in-memory form of the SQL filter).</summary>
    public Func<string?, IReadOnlyCollection<CodeKey>, bool> PatientPermits(string type, ConsentPolicy defaultPolicy)
    {
        var rules = ByCode.SelectMany(g => g.PatientIds.Select(p => (Patient: p, g.Rule))).ToDictionary(x => x.Patient, x => x.Rule, StringComparer.Ordinal);
        var permitted = Permitted.ToHashSet(StringComparer.Ordinal);
        var denied = Denied.ToHashSet(StringComparer.Ordinal);
        return (patientId, codes) => patientId is null
            ? defaultPolicy == ConsentPolicy.Permit
            : rules.TryGetValue(patientId, out var rule)
                ? rule.DecideAtRoot(type, codes)
                : permitted.Contains(patientId) || (defaultPolicy == ConsentPolicy.Permit && !denied.Contains(patientId));
    }

    // No resource type is the empty string, so no class provision covers it: it stands for "any other type".
    private static string Key(string? type) => type ?? string.Empty;

    private static IEnumerable<CodeKey> CodesOf(ConsentRule rule) => rule.Codes.Concat(rule.Exceptions.SelectMany(CodesOf));
}
