using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Storage;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Which resources the current request may see: everything, one patient's compartment (patient-level
/// SMART scopes), the consented data of a research client, or both. Set up at the start of every
/// request by the pipeline (or by an export job for its caller) and applied to every search query
/// through <see cref="DataScopeSearchScope"/>.
/// </summary>
internal sealed class DataScope(FhirDbContext db, ConsentCache consents, TimeProvider clock, IOptions<ConsentOptions> options)
{
    private Caller caller = Caller.Unrestricted;
    private IReadOnlyList<ConsentDirective>? directives;
    private ConsentDecisions? decisions;
    private List<string>? compartments;

    public Caller Caller => caller;

    /// <summary>Whether anything narrows what this request sees.</summary>
    public bool IsRestricted => compartments is not null || caller.IsResearch;

    /// <summary>The consents that applied to this request (for the audit trail), when it is a research request.</summary>
    public IReadOnlyList<ConsentDirective>? Directives => directives;

    /// <summary>The consents decided per patient (after <see cref="PrepareAsync"/>), when it is a research request.</summary>
    public ConsentDecisions? Decisions => decisions;

    /// <summary>Starts a request for a caller: no narrowing yet.</summary>
    public void Begin(Caller value)
    {
        caller = value;
        directives = null;
        decisions = null;
        compartments = null;
    }

    /// <summary>The narrowing as it stands, to put back once a nested request (a bundle entry's read) has used this scope.</summary>
    public Saved Save() => new(caller, directives, decisions, compartments);

    public void Restore(Saved saved) => (caller, directives, decisions, compartments) = (saved.Caller, saved.Directives, saved.Decisions, saved.Compartments);

    public void RestrictToPatient(string patientId) => RestrictToPatients([patientId]);

    /// <summary>Only the compartments of these patients (a patient token, a Patient or Group export).</summary>
    public void RestrictToPatients(IEnumerable<string> patientIds) =>
        compartments = compartments is null ? [.. patientIds] : compartments.Intersect(patientIds).ToList();

    /// <summary>The patients whose compartments bound this request, or null when no compartment does.</summary>
    public IReadOnlyList<string>? Compartments => compartments;

    /// <summary>Loads the research consents as they stand now and decides them per patient, when the caller is a research client.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (caller.IsResearch)
        {
            var decided = await consents.DecideAsync(db, caller, clock.GetUtcNow(), options.Value.DefaultPolicy, cancellationToken);
            (directives, decisions) = (decided.Directives, decided.Decisions);
        }
    }

    /// <summary>
    /// Whether a research client may see anything at all of a patient: false when the patient's consent
    /// denies everything, or when it has none and the default policy is deny.
    /// </summary>
    public bool PermitsAnythingOf(string patientId)
    {
        var loaded = directives ?? throw new InvalidOperationException("Consents are read only after DataScope.PrepareAsync.");
        return loaded.FirstOrDefault(d => d.PatientId == patientId) is { } directive
            ? directive.Rule.PermitsAnythingAtRoot
            : options.Value.DefaultPolicy == ConsentPolicy.Permit;
    }

    /// <summary>
    /// Narrows a query over current resources to what this request may see. <paramref name="type"/>, when
    /// given, is the one type the rows are already narrowed to (a type search), which lets the consent
    /// filter be specialised to that type.
    /// </summary>
    public IQueryable<ResourceRow> Apply(IQueryable<ResourceRow> rows, string? type = null)
    {
        rows = ApplyCompartments(rows);
        if (caller.IsResearch)
        {
            var loaded = decisions ?? throw new InvalidOperationException("A research request reached storage before its consents were loaded: every path must go through DataScope.PrepareAsync.");
            rows = rows.Where(type is null ? AccessFilter.Consented(db, loaded) : AccessFilter.Consented(db, loaded, type));
        }

        return rows;
    }

    /// <summary>
    /// For a research request that no patient compartment bounds, the few resources of a type among which
    /// is every one its consents hide (see <see cref="HiddenCandidates"/>); null for any other request, or
    /// when there are more than <paramref name="limit"/>.
    /// </summary>
    public Task<IReadOnlyList<string>?> HiddenCandidatesAsync(string type, int limit, CancellationToken cancellationToken) =>
        caller.IsResearch && compartments is null && decisions is { } loaded
            ? HiddenCandidates.FindAsync(db, loaded, type, limit, cancellationToken)
            : Task.FromResult<IReadOnlyList<string>?>(null);

    /// <summary>
    /// Narrows the resources of one type that a search adds as includes: the request's narrowing, and
    /// the caller's scopes for reading that type, which the request itself was not checked against (a
    /// token with <c>patient/Observation.rs</c> gets no Patient through <c>_include=Observation:subject</c>;
    /// a <c>patient/</c> grant on the type alone confines it to the token's patient compartment).
    /// </summary>
    public IQueryable<ResourceRow> ApplyToIncluded(string type, IQueryable<ResourceRow> rows)
    {
        rows = rows.Where(r => r.ResourceType == type);
        return caller.GrantFor(type, SmartPermission.Read) switch
        {
            AccessGrant.Full => Apply(rows, type),
            AccessGrant.PatientCompartment => Apply(rows, type).Where(AccessFilter.InCompartments(db, [caller.PatientId!])),
            _ => rows.Where(r => false),
        };
    }

    /// <summary>A request's narrowing, kept while a nested request uses the scope.</summary>
    internal sealed record Saved(Caller Caller, IReadOnlyList<ConsentDirective>? Directives, ConsentDecisions? Decisions, List<string>? Compartments);

    /// <summary>Narrows a query to the patient compartments that bound this request, if any (not to the consents).</summary>
    public IQueryable<ResourceRow> ApplyCompartments(IQueryable<ResourceRow> rows) =>
        compartments is null ? rows : rows.Where(AccessFilter.InCompartments(db, compartments));
}
