"""The Python baseline: the same N personalised messages with a small .ics attachment, rendered
with Jinja2 and the email package, sent with smtplib over one reused connection."""
import argparse, json, resource, smtplib, time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone
from jinja2 import Template

parser = argparse.ArgumentParser()
parser.add_argument("--count", type=int, default=10000)
parser.add_argument("--port", type=int, required=True)
args = parser.parse_args()

template = Template("""Dear {{ name }},

You are registered for the office hour "{{ session }}" on {{ date }} at {{ time }} UTC
({{ local }} in {{ zone }}). The calendar invitation is attached.

Your registration number is {{ number }}.

-- The Equity Landscape team
""")
began = time.perf_counter()
sent = 0
with smtplib.SMTP("127.0.0.1", args.port) as smtp:
    for index in range(args.count):
        name, address = f"Participant {index}", f"participant{index}@example.net"
        message = EmailMessage()
        message["From"] = "Equity Landscape team <equity-landscape@example.org>"
        message["To"] = f"{name} <{address}>"
        message["Subject"] = f"Your office hour, {name}"
        message["Date"] = format_datetime(datetime(2022, 2, 4, 16, tzinfo=timezone.utc))
        message["Message-ID"] = f"<baseline.{index}@example.org>"
        message.set_content(template.render(name=name, session="Pilot office hour", date="4 February 2022",
                                            time="16:00", local=f"{8 + index % 12}:00", zone="Pacific/Auckland",
                                            number=index))
        ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cohort//bench//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
               f"UID:bench-{index}@example.org\r\nDTSTAMP:20220201T120000Z\r\nDTSTART:20220204T160000Z\r\n"
               f"DTEND:20220204T170000Z\r\nSUMMARY:Pilot office hour\r\nATTENDEE;CN={name}:mailto:{address}\r\n"
               "ORGANIZER:mailto:equity-landscape@example.org\r\nSEQUENCE:0\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        message.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="invite.ics",
                               params={"method": "REQUEST"})
        smtp.send_message(message)
        sent += 1
total = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"tool": "python-smtplib-jinja2", "messages": args.count, "sent": sent,
                  "total_seconds": round(total, 3), "messages_per_second": round(sent / total, 1),
                  "peak_memory_mb": round(peak, 1)}))
