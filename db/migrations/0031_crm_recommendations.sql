-- Reserved for a later change of this part (issue 15); nothing yet.
SELECT 1;
