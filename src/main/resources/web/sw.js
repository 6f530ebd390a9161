// Service worker of an enrolled phone: shows the helpdesk's approval requests and opens the
// approval page when the notification is tapped.
self.addEventListener('push', (event) => {
  let message = { title: 'Helpdesk approval', body: 'Open to approve or deny.', url: '/' };
  try {
    message = event.data.json();
  } catch (e) {
    // A push without JSON still shows a notification, as browsers require.
  }
  event.waitUntil(self.registration.showNotification(message.title, {
    body: message.body,
    data: { url: message.url },
    requireInteraction: true,
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(clients.openWindow(event.notification.data.url));
});
