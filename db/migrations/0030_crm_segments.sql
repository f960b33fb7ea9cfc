-- The margin m of the 12 months ending with a run's window, kept beside the CLV it gave (issue 15).
ALTER TABLE "crm_segment_members" ADD COLUMN "margin12m_minor" bigint;
