namespace FhirChain.Interop.Er7;

/// <summary>A parsed ER7 message: its segments in order, with typed access to the MSH header.</summary>
public sealed class Hl7Message
{
    internal Hl7Message(IReadOnlyList<Hl7Segment> segments, Er7Delimiters delimiters)
    {
        Segments = segments;
        Delimiters = delimiters;
        Header = segments[0];
    }

    public IReadOnlyList<Hl7Segment> Segments { get; }

    public Er7Delimiters Delimiters { get; }

    /// <summary>The MSH segment.</summary>
    public Hl7Segment Header { get; }

    /// <summary>MSH-9.1, e.g. "ADT".</summary>
    public string MessageType => Header.Value(9, 1);

    /// <summary>MSH-9.2, e.g. "A01" (EVN-1 when MSH-9.2 is empty, as in v2.2-style senders).</summary>
    public string TriggerEvent
    {
        get
        {
            var trigger = Header.Value(9, 2);
            return trigger.Length > 0 ? trigger : Segment("EVN")?.Value(1) ?? string.Empty;
        }
    }

    /// <summary>MSH-9.3, e.g. "ADT_A01".</summary>
    public string MessageStructure => Header.Value(9, 3);

    /// <summary>MSH-10.</summary>
    public string ControlId => Header.Value(10);

    /// <summary>MSH-3 namespace id (its universal id when the namespace id is empty).</summary>
    public string SendingApplication => HierarchicDesignator(3);

    /// <summary>MSH-4 namespace id (its universal id when the namespace id is empty).</summary>
    public string SendingFacility => HierarchicDesignator(4);

    /// <summary>MSH-5.</summary>
    public string ReceivingApplication => HierarchicDesignator(5);

    /// <summary>MSH-6.</summary>
    public string ReceivingFacility => HierarchicDesignator(6);

    /// <summary>MSH-7 as written (HL7 DTM).</summary>
    public string Timestamp => Header.Value(7);

    /// <summary>MSH-11.1, e.g. "P".</summary>
    public string ProcessingId => Header.Value(11);

    /// <summary>MSH-12.1, e.g. "2.5.1".</summary>
    public string Version => Header.Value(12);

    /// <summary>The first segment with this id, or null.</summary>
    public Hl7Segment? Segment(string id)
    {
        foreach (var segment in Segments)
        {
            if (segment.Id == id)
            {
                return segment;
            }
        }

        return null;
    }

    public IEnumerable<Hl7Segment> SegmentsOf(string id) => Segments.Where(s => s.Id == id);

    /// <summary>The message as ER7 text, segments joined with CR.</summary>
    public string ToEr7() => string.Join('\r', Segments.Select(s => s.Raw)) + "\r";

    private string HierarchicDesignator(int field)
    {
        var component = Header.Field(field).Component(1);
        var ns = component.Value;
        return ns.Length > 0 ? ns : Header.Value(field, 2);
    }
}
