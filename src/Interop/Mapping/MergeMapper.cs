using FhirChain.Interop.Acks;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// A40 merge: MRG-1 names the patient that no longer survives. That Patient is updated (by its
/// identifier) to <c>active=false</c> with a <c>replaced-by</c> link to the survivor, and the
/// survivor gets a <c>replaces</c> link to it.
/// </summary>
internal static class MergeMapper
{
    public static void Map(MappingContext context, Patient survivor)
    {
        var mrg = context.Message.Segment("MRG");
        if (mrg is null)
        {
            context.Error(Hl7ErrorCode.SegmentSequenceError, "An A40 merge needs an MRG segment.", "MRG");
            return;
        }

        var old = new Patient { Active = false };
        foreach (var cx in mrg.Field(1).Repetitions)
        {
            if (CxConverter.ToIdentifier(cx, context.FallbackAuthority) is { } identifier)
            {
                old.Identifier.Add(identifier);
            }
        }

        if (old.Identifier.Count == 0)
        {
            context.Error(Hl7ErrorCode.RequiredFieldMissing, "MRG-1 prior patient identifier list has no identifier.", mrg, 1);
            return;
        }

        if (XpnConverter.ToHumanName(mrg.Field(7).Repetition(1)) is { } priorName)
        {
            old.Name.Add(priorName);
        }

        old.Link.Add(new Patient.LinkComponent { Other = MappingContext.Reference(context.PatientUrl!), Type = Patient.LinkType.ReplacedBy });
        var oldUrl = context.Add(old, old.Identifier[0]);
        survivor.Link.Add(new Patient.LinkComponent { Other = MappingContext.Reference(oldUrl), Type = Patient.LinkType.Replaces });
    }
}
