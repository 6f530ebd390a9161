-- Asterisk lines: the dial string of a technician's SIP phone (such as PJSIP/randy), which the
-- dialplan rings with the caller's badge as SIP headers.
alter table technician add column sip_endpoint text;
