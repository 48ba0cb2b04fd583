package io.zonecam.webrtc.sfu;

/** ViewerEvents is how a viewer tells its owner that it connected or closed, so the owner keeps its books. */
interface ViewerEvents {

    /** ICE and DTLS-SRTP are done: media may flow. On the viewer's DTLS thread. */
    void connected(Viewer viewer);

    /** The viewer closed (once), on whatever thread closed it; the owner forgets it and ends its ICE session. */
    void closed(Viewer viewer, ViewerCloseReason reason, boolean wasConnected);
}
