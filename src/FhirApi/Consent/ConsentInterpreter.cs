using FhirChain.FhirApi.Auth;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Reads an R4 Consent as it stands at a moment for a caller: null when it does not govern research
/// access then (not active, not scope research, no patient, root provision outside its period or not
/// for this actor or purpose); otherwise the directive with the provisions that apply.
/// </summary>
internal static class ConsentInterpreter
{
    public const string ScopeSystem = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ResourceTypesSystem = "http://hl7.org/fhir/resource-types";

    public static ConsentDirective? Interpret(Hl7.Fhir.Model.Consent consent, DateTimeOffset now, Caller caller)
    {
        if (consent.Status != Hl7.Fhir.Model.Consent.ConsentState.Active || !IsResearch(consent.Scope))
        {
            return null;
        }

        var patient = consent.Patient?.Reference;
        if (patient is null || !patient.StartsWith("Patient/", StringComparison.Ordinal))
        {
            return null;
        }

        var recorded = consent.DateTimeElement?.ToDateTimeOffset(TimeSpan.Zero) ?? consent.Meta?.LastUpdated ?? DateTimeOffset.MinValue;
        var root = consent.Provision is null
            ? new ConsentRule(true, [], [], [])
            : Build(consent.Provision, inheritedPermit: true, now, caller);
        return root is null ? null : new ConsentDirective(patient["Patient/".Length..], consent.Id ?? string.Empty, recorded, root);
    }

    public static bool IsResearch(CodeableConcept? scope) =>
        scope?.Coding.Any(c => c.Code == "research" && (c.System is null || c.System == ScopeSystem)) == true;

    private static ConsentRule? Build(Hl7.Fhir.Model.Consent.provisionComponent provision, bool inheritedPermit, DateTimeOffset now, Caller caller)
    {
        if (!InPeriod(provision.Period, now) || !ForActor(provision, caller) || !ForPurpose(provision, caller))
        {
            return null;
        }

        // A provision without a type reverses its parent (it is an exception); the root defaults to permit.
        var permit = provision.Type switch
        {
            Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit => true,
            Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny => false,
            _ => inheritedPermit,
        };
        var types = provision.Class
            .Where(c => c.System is null || c.System == ResourceTypesSystem)
            .Select(c => c.Code).OfType<string>().ToList();
        var codes = provision.Code.SelectMany(c => c.Coding).Where(c => c.Code is not null).Select(c => new CodeKey(c.System, c.Code!)).ToList();
        var exceptions = provision.Provision.Select(p => Build(p, !permit, now, caller)).OfType<ConsentRule>().ToList();
        return new ConsentRule(permit, types, codes, exceptions);
    }

    private static bool InPeriod(Period? period, DateTimeOffset now)
    {
        if (period is null)
        {
            return true;
        }

        if (period.StartElement?.ToDateTimeOffset(TimeSpan.Zero) is { } start && now < start)
        {
            return false;
        }

        return End(period) is not { } end || now < end;
    }

    /// <summary>
    /// The instants at which a provision or one of its exceptions starts or stops applying: between two
    /// of them, <see cref="Interpret"/> gives the same result at any time.
    /// </summary>
    public static IEnumerable<DateTimeOffset> Boundaries(Hl7.Fhir.Model.Consent.provisionComponent? provision)
    {
        if (provision is null)
        {
            yield break;
        }

        if (provision.Period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) is { } start)
        {
            yield return start;
        }

        if (End(provision.Period) is { } end)
        {
            yield return end;
        }

        foreach (var boundary in provision.Provision.SelectMany(Boundaries))
        {
            yield return boundary;
        }
    }

    /// <summary>The first instant after a period (an end date without a time covers the whole day).</summary>
    private static DateTimeOffset? End(Period? period)
    {
        if (period?.EndElement is not { } endElement)
        {
            return null;
        }

        var end = endElement.ToDateTimeOffset(TimeSpan.Zero);
        return endElement.Value?.Length <= 10 ? end.AddDays(1) : end;
    }

    private static bool ForActor(Hl7.Fhir.Model.Consent.provisionComponent provision, Caller caller) =>
        provision.Actor.Count == 0
        || provision.Actor.Any(a => a.Reference?.Reference is { } reference && (reference == caller.FhirUser || reference == caller.Subject));

    private static bool ForPurpose(Hl7.Fhir.Model.Consent.provisionComponent provision, Caller caller) =>
        provision.Purpose.Count == 0 || provision.Purpose.Any(p => p.Code == caller.PurposeOfUse);
}
