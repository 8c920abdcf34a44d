namespace FhirChain.FhirApi.Log;

/// <summary>The result of a full log audit.</summary>
internal sealed record AuditReport(long VersionsChecked, long LeavesChecked, long NodesChecked, int CheckpointsChecked, long TreeSize, IReadOnlyList<AuditFinding> Findings, TimeSpan Elapsed)
{
    public bool IsClean => Findings.Count == 0;

    public double VersionsPerSecond => Elapsed.TotalSeconds > 0 ? VersionsChecked / Elapsed.TotalSeconds : 0;
}
